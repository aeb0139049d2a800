import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { carriedQuery, checkAuthorization, errorRedirect } from "../fleet/authorization-request.js";
import { codeRedirect } from "../fleet/code-grant.js";
import { issuerOf } from "../fleet/issuer.js";
import { fleetRefusalPage, loginPage } from "../fleet/pages.js";
import { mayUse } from "../fleet/server-access.js";
import { reusableSession } from "../fleet/sso-session.js";
import { withCallContext } from "../kernel/call-context.js";
import { WhmError } from "../kernel/errors.js";
import { invocation, type LambdaHandler } from "../runtime/handler.js";
import { htmlPage } from "../runtime/html-page.js";
import { errorFields, logger } from "../runtime/logger.js";
import { countSignal } from "../runtime/signals.js";
import { browserContext, browserRequest, tenantOfHost } from "../sign-in/browser.js";
import { refusalPage } from "../sign-in/pages.js";
import { offeredProviders } from "../sign-in/provider-gate.js";
import { nowSeconds } from "../stores/dynamo.js";

/**
 * The authorization endpoint of the tenant's OpenID Connect provider (`/openid/authorize` on the
 * tenant's host name; docs/FLEET-SIGN-IN.md). A registered server's request is checked; a
 * browser already signed in here goes straight back with a code (single sign-on), unless the
 * server asks for a fresh sign-in (`prompt=login`, or `max_age` passed); otherwise the hosted
 * login page offers the tenant's providers, and the sign-in that follows answers the request.
 */
export const handler: LambdaHandler = (event, context) =>
  invocation("openid_authorize", context, (requestId) => serve(event, requestId));

const redirect = (location: string): APIGatewayProxyStructuredResultV2 =>
  htmlPage(302, { title: "Signing in", text: "Continue at your server." }, { location });

async function serve(
  event: APIGatewayProxyEventV2,
  requestId: string,
): Promise<APIGatewayProxyStructuredResultV2> {
  try {
    const request = await browserRequest(event);
    const tenant = await tenantOfHost(request);
    if (!tenant) return refusalPage("unknown_host");
    const issuer = issuerOf(tenant.hostname);
    const checked = await checkAuthorization(tenant.id, request.args);
    if (checked.kind === "page") return fleetRefusalPage(checked.code);
    if (checked.kind === "redirect") return redirect(errorRedirect(checked, issuer));
    const { request: authorization, party, prompt, maxAge } = checked;
    const session = prompt.includes("login") ? undefined : await reusableSession(request, tenant.id);
    const fresh = session && (maxAge === undefined || nowSeconds() - session.authTime <= maxAge);
    if (session && fresh) {
      if (!mayUse(session.account, party, authorization.service))
        return fleetRefusalPage("user_not_allowed_for_server");
      const context = browserContext(tenant.id, request, "openid_authorize", requestId, {
        user: session.user,
        via: "session",
      });
      const location = await withCallContext(context, () =>
        codeRedirect(
          authorization,
          {
            tenant: tenant.id,
            user: session.user,
            email: session.account?.email,
            authTime: session.authTime,
            amr: session.amr,
          },
          issuer,
        ),
      );
      countSignal("SignInSuccesses", "openid_authorize");
      return redirect(location);
    }
    if (prompt.includes("none"))
      return redirect(
        errorRedirect(
          {
            kind: "redirect",
            redirectUri: authorization.redirectUri,
            state: authorization.state,
            error: "login_required",
            description: "The user is not signed in.",
          },
          issuer,
        ),
      );
    const query = carriedQuery(request.args);
    const providers = await offeredProviders(tenant, authorization.service);
    return loginPage(
      providers.map(({ id, displayName }) => ({ displayName, href: `/openid_connect/${id}?${query}` })),
      `/openid/passkey?${query}`,
    );
  } catch (error) {
    if (error instanceof WhmError) return fleetRefusalPage("invalid_request");
    logger.error("authorization failed", errorFields(error));
    countSignal("SignInFailures", "openid_authorize");
    return fleetRefusalPage("temporarily_unavailable");
  }
}
