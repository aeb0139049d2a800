import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { unverifiedClaims } from "../fleet/jwt.js";
import { clearedSsoCookie, SSO_COOKIE } from "../fleet/sso-cookie.js";
import { withCallContext } from "../kernel/call-context.js";
import { CLEARED_SESSION_COOKIE } from "../runtime/auth.js";
import { invocation, type LambdaHandler } from "../runtime/handler.js";
import { htmlPage } from "../runtime/html-page.js";
import { errorFields, logger } from "../runtime/logger.js";
import { browserContext, browserRequest, tenantOfHost } from "../sign-in/browser.js";
import { sha256 } from "../stores/hash.js";
import { getRelyingParty } from "../stores/relying-parties.js";
import { endSession, getSession } from "../stores/sessions.js";

/**
 * The end-session endpoint of the tenant's provider (`/openid/end_session`, RP-Initiated Logout
 * 1.0): the browser's hosted session ends and both its cookies are cleared; the browser returns
 * to `post_logout_redirect_uri` only when it is registered for the client named (`client_id`, or
 * the audience of `id_token_hint`), with `state`; otherwise it sees a page.
 */
export const handler: LambdaHandler = (event, context) =>
  invocation("openid_end_session", context, (requestId) => serve(event, requestId));

async function serve(
  event: APIGatewayProxyEventV2,
  requestId: string,
): Promise<APIGatewayProxyStructuredResultV2> {
  let secure = true;
  const cleared = () => [clearedSsoCookie(secure), CLEARED_SESSION_COOKIE];
  const signedOut = () =>
    htmlPage(200, { title: "Signed out", text: "You have signed out.", code: "signed_out" }, {}, cleared());
  try {
    const request = await browserRequest(event);
    secure = request.secure;
    const tenant = await tenantOfHost(request);
    if (!tenant) return signedOut();
    const one = (name: string) => request.args.get(name)?.[0];
    const cookie = request.cookies.get(SSO_COOKIE);
    if (cookie) {
      const sessionHash = sha256(decodeURIComponent(cookie));
      const session = await getSession(sessionHash);
      if (session?.tenant === tenant.id && session.credential) {
        const context = browserContext(tenant.id, request, "openid_end_session", requestId, {
          user: session.user,
          via: "session",
        });
        await withCallContext(context, () =>
          endSession(tenant.id, session.credential ?? "", sessionHash, { user: session.user }),
        );
      }
    }
    const hinted = unverifiedClaims(one("id_token_hint") ?? "")?.aud;
    const clientId = one("client_id") ?? (typeof hinted === "string" ? hinted : undefined);
    const target = one("post_logout_redirect_uri");
    const party = target && clientId ? await getRelyingParty(tenant.id, clientId) : undefined;
    if (!target || !party?.postLogoutRedirectUris.includes(target)) return signedOut();
    const url = new URL(target);
    const state = one("state");
    if (state !== undefined) url.searchParams.set("state", state);
    return htmlPage(
      302,
      { title: "Signed out", text: "You have signed out." },
      { location: url.toString() },
      cleared(),
    );
  } catch (error) {
    logger.error("end session failed", errorFields(error));
    return signedOut();
  }
}
