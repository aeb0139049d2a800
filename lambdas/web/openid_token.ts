import { createHash, randomBytes } from "node:crypto";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { issuerOf, TOKEN_SECONDS } from "../fleet/issuer.js";
import { jsonAnswer } from "../fleet/json-answer.js";
import { signedJwt } from "../fleet/jwt.js";
import { withCallContext } from "../kernel/call-context.js";
import { invocation, type LambdaHandler } from "../runtime/handler.js";
import { errorFields, logger } from "../runtime/logger.js";
import type { WhmRequest } from "../runtime/request.js";
import { countSignal } from "../runtime/signals.js";
import { browserContext, browserRequest, tenantOfHost } from "../sign-in/browser.js";
import { recordEvent } from "../stores/audit.js";
import { recordFailure } from "../stores/auth-failures.js";
import { nowSeconds } from "../stores/dynamo.js";
import {
  type AuthorizationCode,
  getAuthorizationCode,
  redeemAuthorizationCode,
  revokeAccessToken,
} from "../stores/fleet-grants.js";
import { constantTimeEqual, sha256 } from "../stores/hash.js";
import { getRelyingParty, type RelyingParty } from "../stores/relying-parties.js";

/**
 * The token endpoint of the tenant's OpenID Connect provider (`POST /openid/token`): a registered
 * server redeems its authorization code (once, within 60 s, with the redirect URI and PKCE
 * verifier it was issued for) for an ID token signed by the stage's key and an access token for
 * the userinfo endpoint. Clients authenticate with `client_secret_basic` or `client_secret_post`;
 * public clients with PKCE alone. A code presented again revokes the access token it gave.
 */
export const handler: LambdaHandler = (event, context) =>
  invocation("openid_token", context, (requestId) => serve(event, requestId));

class TokenError extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
    readonly status = 400,
    readonly basic = false,
  ) {
    super(error);
  }
}

/** RFC 6749 §5.1: token answers are never cached, `Pragma` included for old caches. */
const json = (status: number, body: object, headers: Record<string, string> = {}) =>
  jsonAnswer(status, body, { pragma: "no-cache", ...headers });

async function serve(
  event: APIGatewayProxyEventV2,
  requestId: string,
): Promise<APIGatewayProxyStructuredResultV2> {
  try {
    if (event.requestContext.http.method !== "POST")
      throw new TokenError("invalid_request", "Use POST.", 405);
    // Credentials and codes belong in the body: a query string ends up in logs.
    if (event.rawQueryString) throw new TokenError("invalid_request", "Send the parameters in the body.");
    const request = await browserRequest(event).catch(() => {
      throw new TokenError("invalid_request", "The body is not a form.");
    });
    const tenant = await tenantOfHost(request);
    if (!tenant) throw new TokenError("invalid_client", "No provider is served on this host name.", 401);
    const context = browserContext(tenant.id, request, "openid_token", requestId);
    return await withCallContext(context, () => exchange(request, tenant.id, issuerOf(tenant.hostname)));
  } catch (error) {
    if (error instanceof TokenError) {
      countSignal("SignInFailures", "openid_token");
      return json(
        error.status,
        { error: error.error, error_description: error.description },
        error.basic ? { "www-authenticate": 'Basic realm="openid"' } : {},
      );
    }
    logger.error("token exchange failed", errorFields(error));
    countSignal("SignInFailures", "openid_token");
    return json(503, { error: "temporarily_unavailable", error_description: "Try again later." });
  }
}

function single(request: WhmRequest, name: string): string | undefined {
  const values = request.args.get(name);
  if (values && values.length > 1)
    throw new TokenError("invalid_request", `“${name}” was given more than once.`);
  return values?.[0];
}

/** RFC 6749 §2.3.1: HTTP Basic with the form-encoded client id and secret. */
function basicCredentials(authorization: string | undefined): { id: string; secret: string } | undefined {
  const match = /^basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization ?? "");
  if (!match) return undefined;
  const decoded = Buffer.from(match[1] ?? "", "base64").toString("utf8");
  const at = decoded.indexOf(":");
  if (at < 0) return undefined;
  const formDecoded = (value: string) => {
    try {
      return decodeURIComponent(value.replaceAll("+", " "));
    } catch {
      return value;
    }
  };
  return { id: formDecoded(decoded.slice(0, at)), secret: formDecoded(decoded.slice(at + 1)) };
}

/** The client, authenticated by one method only; a wrong secret counts toward the source's failures. */
async function authenticatedClient(request: WhmRequest, tenant: string): Promise<RelyingParty> {
  const basic = basicCredentials(request.authorization);
  if (request.authorization && !basic)
    throw new TokenError("invalid_client", "Unsupported client authentication.", 401, true);
  const bodySecret = single(request, "client_secret");
  const bodyId = single(request, "client_id");
  if (basic && bodySecret !== undefined)
    throw new TokenError("invalid_request", "Use one client authentication method.");
  if (basic && bodyId !== undefined && bodyId !== basic.id)
    throw new TokenError("invalid_request", "The client ids differ.");
  const clientId = basic?.id ?? bodyId;
  const secret = basic?.secret ?? bodySecret;
  const refused = () =>
    new TokenError("invalid_client", "Client authentication failed.", 401, Boolean(basic));
  if (!clientId) throw refused();
  const party = await getRelyingParty(tenant, clientId);
  const authenticated =
    party &&
    (party.secretHash
      ? secret !== undefined && constantTimeEqual(sha256(secret), party.secretHash)
      : secret === undefined);
  if (!party || !authenticated) {
    // Counted like a wrong API token; not an audit event, which anyone could write by guessing.
    await recordFailure(request.sourceIp, `client:${clientId.slice(0, 64)}`);
    throw refused();
  }
  return party;
}

const s256 = (verifier: string) => createHash("sha256").update(verifier).digest("base64url");

/** RFC 7636 §4.1: a verifier is 43 to 128 unreserved characters. */
const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

function checkBinding(code: AuthorizationCode, party: RelyingParty, request: WhmRequest): void {
  const invalid = (why: string) => new TokenError("invalid_grant", why);
  if (code.clientId !== party.clientId) throw invalid("The code was not issued to this client.");
  if (single(request, "redirect_uri") !== code.redirectUri)
    throw invalid("The redirect URI is not the one the code was issued for.");
  const verifier = single(request, "code_verifier");
  if (code.codeChallenge === undefined) {
    if (verifier !== undefined) throw invalid("The code was issued without a code challenge.");
    return;
  }
  if (
    verifier === undefined ||
    !VERIFIER.test(verifier) ||
    !constantTimeEqual(s256(verifier), code.codeChallenge)
  )
    throw invalid("The code verifier does not match the code challenge.");
}

async function exchange(request: WhmRequest, tenant: string, issuer: string) {
  const party = await authenticatedClient(request, tenant);
  if (single(request, "grant_type") !== "authorization_code")
    throw new TokenError("unsupported_grant_type", "Only authorization_code is supported.");
  const codeValue = single(request, "code");
  if (!codeValue) throw new TokenError("invalid_request", "The code is missing.");
  const codeHash = sha256(codeValue);
  const code = await getAuthorizationCode(codeHash);
  if (!code || code.tenant !== tenant)
    throw new TokenError("invalid_grant", "The code is unknown or expired.");
  if (code.usedAt !== undefined) return replayed(code);
  checkBinding(code, party, request);
  const accessToken = randomBytes(32).toString("base64url");
  const grant = {
    tenant,
    clientId: party.clientId,
    user: code.user,
    subject: code.subject,
    scope: code.scope,
    email: code.email,
  };
  if (!(await redeemAuthorizationCode(codeHash, sha256(accessToken), grant, TOKEN_SECONDS))) {
    const again = await getAuthorizationCode(codeHash);
    if (again?.usedAt !== undefined) return replayed(again);
    throw new TokenError("invalid_grant", "The code is unknown or expired.");
  }
  const now = nowSeconds();
  const idToken = await signedJwt({
    iss: issuer,
    sub: code.subject,
    aud: party.clientId,
    exp: now + TOKEN_SECONDS,
    iat: now,
    auth_time: code.authTime,
    ...(code.nonce !== undefined ? { nonce: code.nonce } : {}),
    amr: code.amr,
    preferred_username: code.user,
    ...(code.email ? { email: code.email } : {}),
  });
  countSignal("SignInSuccesses", "openid_token");
  return json(200, {
    access_token: accessToken,
    token_type: "Bearer",
    expires_in: TOKEN_SECONDS,
    id_token: idToken,
    scope: code.scope,
  });
}

/** RFC 6749 §4.1.2: a code used twice is refused, and what it was first exchanged for is revoked. */
async function replayed(code: AuthorizationCode): Promise<never> {
  if (code.accessTokenHash) await revokeAccessToken(code.accessTokenHash);
  await recordEvent({
    actor: code.user,
    target: code.clientId,
    user: code.user,
    outcome: "refused",
    detail: "authorization code replayed: its access token revoked",
  });
  throw new TokenError("invalid_grant", "The code was used already.");
}
