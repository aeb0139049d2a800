import * as oauth from "oauth4webapi";
import type { PortalConfig } from "./portal-config.js";

/** How a token request to the portal ended; the three failures are the ones WHM tells apart. */
export type ExchangeResult =
  | { kind: "ok"; accessToken: string; refreshToken?: string; expiresIn?: number }
  | { kind: "unreachable" }
  | { kind: "status"; status: number }
  | { kind: "malformed" };

/**
 * Exchanges an authorization code at the portal's RFC 6749 token endpoint
 * (`grant_type=authorization_code`, HTTP Basic client authentication) within the configured timeout.
 */
export function exchangeCode(
  config: PortalConfig,
  code: string,
  redirectUri: string,
): Promise<ExchangeResult> {
  return tokenRequest(config, "authorization_code", { code, redirect_uri: redirectUri });
}

/** Trades a refresh token for a new access token (and, when the portal rotates it, a new refresh token). */
export function refreshTokens(config: PortalConfig, refreshToken: string): Promise<ExchangeResult> {
  return tokenRequest(config, "refresh_token", { refresh_token: refreshToken });
}

async function tokenRequest(
  config: PortalConfig,
  grantType: string,
  parameters: Record<string, string>,
): Promise<ExchangeResult> {
  const as: oauth.AuthorizationServer = { issuer: config.issuer, token_endpoint: config.tokenEndpoint };
  const client: oauth.Client = { client_id: config.clientId };
  let response: Response;
  try {
    response = await oauth.genericTokenEndpointRequest(
      as,
      client,
      oauth.ClientSecretBasic(config.clientSecret),
      grantType,
      parameters,
      {
        signal: AbortSignal.timeout(config.timeoutMs),
        // The local stand-in portal listens on plain HTTP on loopback; deployed stages use HTTPS.
        [oauth.allowInsecureRequests]: new URL(config.tokenEndpoint).protocol === "http:",
      },
    );
  } catch {
    return { kind: "unreachable" };
  }
  if (response.status !== 200) {
    await response.body?.cancel();
    return { kind: "status", status: response.status };
  }
  try {
    const tokens = await oauth.processGenericTokenEndpointResponse(as, client, response);
    return {
      kind: "ok",
      accessToken: tokens.access_token,
      refreshToken: tokens.refresh_token,
      expiresIn: tokens.expires_in,
    };
  } catch {
    return { kind: "malformed" };
  }
}
