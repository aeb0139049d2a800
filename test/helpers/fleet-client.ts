import * as oidc from "openid-client";

/** A server's authorization request as openid-client builds it (code flow, PKCE S256, state, nonce), and what its answer must match. */
export async function authorizationRequest(
  config: oidc.Configuration,
  redirectUri: string,
  extra: Record<string, string> = {},
) {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: "openid profile email",
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    nonce,
    ...extra,
  });
  return {
    url: url.toString(),
    verifier,
    state,
    nonce,
    checks: { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce },
  };
}

/** openid-client's view of the tenant's provider on loopback (plain HTTP), as a registered server. */
export function discover(
  issuer: string,
  clientId: string,
  clientSecret: string,
  authentication?: oidc.ClientAuth,
): Promise<oidc.Configuration> {
  return oidc.discovery(new URL(issuer), clientId, clientSecret, authentication, {
    execute: [oidc.allowInsecureRequests],
  });
}
