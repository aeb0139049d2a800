import { createHash } from "node:crypto";

/** The tenant provider's endpoints, under its issuer (the tenant's host name). */
export const FLEET_PATHS = {
  discovery: "/.well-known/openid-configuration",
  jwks: "/openid/jwks",
  authorization: "/openid/authorize",
  token: "/openid/token",
  userinfo: "/openid/userinfo",
  endSession: "/openid/end_session",
} as const;

/** What the provider issues: scopes, and the claims its ID tokens and userinfo carry. */
export const SCOPES = ["openid", "profile", "email"] as const;

/** How long an ID token and an access token are good for (seconds). */
export const TOKEN_SECONDS = 600;
/** How long an authorization code may wait for its exchange (RFC 6749 §4.1.2 recommends ≤ 10 minutes; we keep 60 s). */
export const CODE_SECONDS = 60;

/**
 * The tenant's issuer: its host name's origin, as sign-in's callbacks are served (SERVICE_BASE_URL,
 * `{host}` the host name), else `https://HOST` on 443.
 */
export function issuerOf(hostname: string): string {
  return process.env.SERVICE_BASE_URL?.replace("{host}", hostname) ?? `https://${hostname}`;
}

/**
 * A user's subject at the tenant's provider: stable for the tenant and user name, opaque, and
 * never the same for two tenants (docs/FLEET-SIGN-IN.md shows how to compute it for linking).
 */
export function subjectOf(tenant: string, user: string): string {
  return createHash("sha256").update(`${tenant}\n${user}`).digest("base64url");
}

/** OpenID Connect Discovery 1.0 metadata of the tenant's provider. */
export function discoveryDocument(issuer: string): Record<string, unknown> {
  return {
    issuer,
    authorization_endpoint: `${issuer}${FLEET_PATHS.authorization}`,
    token_endpoint: `${issuer}${FLEET_PATHS.token}`,
    userinfo_endpoint: `${issuer}${FLEET_PATHS.userinfo}`,
    jwks_uri: `${issuer}${FLEET_PATHS.jwks}`,
    end_session_endpoint: `${issuer}${FLEET_PATHS.endSession}`,
    scopes_supported: [...SCOPES],
    response_types_supported: ["code"],
    response_modes_supported: ["query"],
    grant_types_supported: ["authorization_code"],
    subject_types_supported: ["public"],
    id_token_signing_alg_values_supported: ["RS256"],
    token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post", "none"],
    code_challenge_methods_supported: ["S256"],
    prompt_values_supported: ["none", "login"],
    claims_supported: [
      "iss",
      "sub",
      "aud",
      "exp",
      "iat",
      "auth_time",
      "nonce",
      "amr",
      "preferred_username",
      "email",
    ],
    authorization_response_iss_parameter_supported: true,
    request_parameter_supported: false,
    request_uri_parameter_supported: false,
    claims_parameter_supported: false,
  };
}
