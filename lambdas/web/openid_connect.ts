import { randomBytes } from "node:crypto";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import * as oauth from "oauth4webapi";
import { checkAuthorization } from "../fleet/authorization-request.js";
import { fleetRefusalPage } from "../fleet/pages.js";
import { definition as linkFunction } from "../functions/link_user_authn_provider.js";
import { authenticate, hasAcl } from "../runtime/auth.js";
import { invocation, type LambdaHandler } from "../runtime/handler.js";
import { htmlPage } from "../runtime/html-page.js";
import { errorFields, logger } from "../runtime/logger.js";
import { countSignal } from "../runtime/signals.js";
import { browserRequest, signInCookie, tenantOfHost } from "../sign-in/browser.js";
import { refusalPage } from "../sign-in/pages.js";
import { signInProvider } from "../sign-in/provider-gate.js";
import { sha256 } from "../stores/hash.js";
import { type AuthorizationInProgress, type FleetAuthorization, putSignIn } from "../stores/sign-ins.js";

const LINK_ACL = linkFunction.acl;

/** How long a started sign-in may take at the provider. */
const SIGN_IN_SECONDS = 600;

/**
 * cpsrvd's `/openid_connect/PROVIDER`: starts a sign-in to WHM with an enabled, configured provider
 * of the tenant whose host name was asked. The browser goes to the provider's authorization
 * endpoint with PKCE (S256), a `state` and a `nonce` kept in a short-lived sign-in record bound to
 * this browser by a cookie, and the redirect URI get_provider_client_configurations advertises.
 * Under a signed-in session (`/cpsessNNNNNNNNNN/openid_connect/PROVIDER`) the same flow links the
 * identity to the session's user instead. Started from the hosted login page of a tenant's server
 * (docs/FLEET-SIGN-IN.md), it carries the server's authorization request, checked again here.
 */
export const handler: LambdaHandler = (event, context) =>
  invocation("openid_connect", context, () => start(event));

async function start(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const match = /^(?:\/cpsess(\d{10}))?\/openid_connect\/([a-z0-9_]{1,64})\/?$/.exec(event.rawPath);
  try {
    if (!match) return refusalPage("provider_unavailable");
    const [, cpsess, providerId = ""] = match;
    const request = await browserRequest(event, cpsess);
    const tenant = await tenantOfHost(request);
    if (!tenant) return refusalPage("unknown_host");
    let link: AuthorizationInProgress["link"];
    if (cpsess) {
      const caller = await authenticate(request);
      if (
        !("principal" in caller) ||
        caller.principal.via !== "session" ||
        caller.principal.tenant !== tenant.id
      )
        return refusalPage("not_signed_in");
      const { principal } = caller;
      // Linking is link_user_authn_provider done by the session itself: it needs that function's ACL.
      if (!hasAcl(principal, LINK_ACL)) return refusalPage("not_allowed_to_link");
      link = {
        user: principal.user,
        sessionKey: principal.sessionKey,
        cpSecurityToken: `/cpsess${cpsess}`,
        grant: {
          acls: principal.acls,
          origin: principal.origin,
          expires: principal.credentialExpires,
          allowedIps: principal.allowedIps,
        },
      };
    }
    let fleet: FleetAuthorization | undefined;
    if (!cpsess && request.args.has("client_id")) {
      const checked = await checkAuthorization(tenant.id, request.args);
      if (checked.kind === "page") return fleetRefusalPage(checked.code);
      if (checked.kind === "redirect") return fleetRefusalPage("invalid_request");
      fleet = checked.request;
    }
    const provider = await signInProvider(tenant, providerId, fleet?.service);
    if (!provider?.server.authorization_endpoint) return refusalPage("provider_unavailable");
    const state = oauth.generateRandomState();
    const nonce = oauth.generateRandomNonce();
    const codeVerifier = oauth.generateRandomCodeVerifier();
    const browser = randomBytes(24).toString("base64url");
    await putSignIn(
      sha256(state),
      {
        kind: "authorize",
        tenant: tenant.id,
        provider: provider.id,
        nonce,
        codeVerifier,
        redirectUri: provider.redirectUri,
        browser: sha256(browser),
        ...(link ? { link } : {}),
        ...(fleet ? { fleet } : {}),
      },
      SIGN_IN_SECONDS,
    );
    const url = new URL(provider.server.authorization_endpoint);
    for (const [name, value] of Object.entries({
      client_id: provider.client.client_id,
      redirect_uri: provider.redirectUri,
      response_type: "code",
      scope: "openid",
      state,
      nonce,
      code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: "S256",
    }))
      url.searchParams.set(name, value);
    return htmlPage(
      302,
      { title: "Signing in", text: "Continue at the identity provider." },
      { location: url.toString() },
      [signInCookie(browser, SIGN_IN_SECONDS, request.secure)],
    );
  } catch (error) {
    logger.error("sign-in start failed", errorFields(error));
    countSignal("SignInFailures", "openid_connect");
    return refusalPage("openid_unable_to_get_access_token", { provider: match?.[2] });
  }
}
