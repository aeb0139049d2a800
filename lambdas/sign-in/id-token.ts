import * as oauth from "oauth4webapi";
import { insecureAllowed } from "./discovery.js";
import type { SignInProvider } from "./provider-gate.js";

const TIMEOUT_MS = 5_000;
/** The clock difference tolerated between a provider and us: oauth4webapi's default for `exp`. */
const CLOCK_SKEW_SECONDS = 30;

/** Each provider's signing keys, fetched when a token names a key not yet seen (oauth4webapi's cache). */
const jwksCaches = new Map<string, oauth.JWKSCacheInput>();

/** Why a provider's return was not accepted: the exchange failed, or its ID token did not verify. */
export class SignInRejected extends Error {
  constructor(readonly stage: "exchange" | "id-token") {
    super(stage);
  }
}

export interface VerifiedIdentity {
  readonly subject: string;
  readonly preferredUsername?: string;
}

/**
 * Redeems the provider's code (PKCE verifier, client secret) and verifies its ID token: issuer,
 * audience, expiry and nonce (oauth4webapi), and its signature against the provider's JWKS.
 */
export async function verifiedIdentity(
  provider: SignInProvider,
  callback: URLSearchParams,
  expected: { state: string; nonce: string; codeVerifier: string },
): Promise<VerifiedIdentity> {
  const { server, client } = provider;
  const insecure = insecureAllowed(server.issuer);
  let response: Response;
  try {
    const params = oauth.validateAuthResponse(server, client, callback, expected.state);
    response = await oauth.authorizationCodeGrantRequest(
      server,
      client,
      clientAuthentication(provider),
      params,
      provider.redirectUri,
      expected.codeVerifier,
      { signal: AbortSignal.timeout(TIMEOUT_MS), [oauth.allowInsecureRequests]: insecure },
    );
  } catch {
    throw new SignInRejected("exchange");
  }
  try {
    const result = await oauth.processAuthorizationCodeResponse(server, client, response, {
      expectedNonce: expected.nonce,
      requireIdToken: true,
    });
    const jwksCache = jwksCaches.get(server.issuer) ?? {};
    jwksCaches.set(server.issuer, jwksCache);
    await oauth.validateApplicationLevelSignature(server, response, {
      [oauth.jwksCache]: jwksCache,
      signal: AbortSignal.timeout(TIMEOUT_MS),
      [oauth.allowInsecureRequests]: insecure,
    });
    const claims = oauth.getValidatedIdTokenClaims(result);
    if (!claims?.sub) throw new Error("no subject");
    // oauth4webapi checks expiry but not an issue time in the future: allow only its clock skew.
    if (claims.iat > Math.floor(Date.now() / 1000) + CLOCK_SKEW_SECONDS)
      throw new Error("issued in the future");
    const preferred = claims.preferred_username;
    return { subject: claims.sub, preferredUsername: typeof preferred === "string" ? preferred : undefined };
  } catch (error) {
    throw new SignInRejected(error instanceof oauth.ResponseBodyError ? "exchange" : "id-token");
  }
}

/** HTTP Basic unless the provider takes the client secret only in the body. */
function clientAuthentication(provider: SignInProvider): oauth.ClientAuth {
  const methods = provider.server.token_endpoint_auth_methods_supported;
  return methods && !methods.includes("client_secret_basic") && methods.includes("client_secret_post")
    ? oauth.ClientSecretPost(provider.clientSecret)
    : oauth.ClientSecretBasic(provider.clientSecret);
}
