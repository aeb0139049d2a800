import { generateKeyPairSync, randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import Provider, { type Configuration } from "oidc-provider";
import { freePort } from "./free-port.js";
import { ticketSystem } from "./ticket-system.js";

/** Our OAuth 2.0 client registration at the stand-in portal. */
export interface PortalClient {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUris: readonly string[];
}

export interface LocalPortal {
  readonly issuer: string;
  readonly tokenEndpoint: string;
  readonly authorizationEndpoint: string;
  /** The ticket system's base URL (its V3 JSON API, see local/ticket-system.ts). */
  readonly ticketsUrl: string;
  readonly client: PortalClient;
  /** Ends an access token early, as when it expires at the portal (its refresh token still works). */
  expireAccessToken(accessToken: string): Promise<void>;
  /** Revokes the whole grant behind an access token: it and its refresh tokens stop working. */
  revokeGrant(accessToken: string): Promise<void>;
  stop(): Promise<void>;
}

/** A server's support callback, as each tenant's redirect URI looks at the stand-in portal. */
const PORTAL_CALLBACK = /^https:\/\/[a-z0-9.-]+:2087\/support\/oauth2\/callback$/;
/**
 * A WHM sign-in callback: a tenant's `https://HOST:2087/…` (WHM's port), `https://HOST/…` (a
 * deployed stage's tenant domain, on 443), or the local stage's one origin.
 */
const SIGN_IN_CALLBACK =
  /^(https:\/\/[a-z0-9.-]+(:2087)?|http:\/\/localhost:\d+)\/openid_connect_callback\/[a-z0-9_]+$/;

/** The stand-in as an identity provider for WHM sign-in (npm start configures the local tenant's WHMCS provider with it). */
export interface SignInClient {
  readonly clientId: string;
  readonly clientSecret: string;
}

/**
 * The one account the stand-in portal knows; every authorization logs it in without a password.
 * As an identity provider it is the test user, and this is its subject identifier.
 */
export const PORTAL_ACCOUNT = "portal-user";

/**
 * A real OAuth 2.0 / OpenID Connect authorization server (oidc-provider) on 127.0.0.1 standing in
 * for the cPanel Customer Portal. Its login and consent steps complete by themselves for
 * PORTAL_ACCOUNT, so a code can be obtained without a browser (see obtainPortalCode).
 */
export async function startLocalPortal(
  client: PortalClient,
  options: { port?: number; signIn?: SignInClient } = {},
): Promise<LocalPortal> {
  const port = options.port ?? (await freePort());
  const issuer = `http://127.0.0.1:${port}`;
  const configuration: Configuration = {
    clients: [
      {
        client_id: client.clientId,
        client_secret: client.clientSecret,
        redirect_uris: [...client.redirectUris],
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
      ...(options.signIn
        ? [
            {
              client_id: options.signIn.clientId,
              client_secret: options.signIn.clientSecret,
              redirect_uris: ["https://localhost:2087/openid_connect_callback/whmcs"],
              grant_types: ["authorization_code"],
              response_types: ["code" as const],
              token_endpoint_auth_method: "client_secret_basic" as const,
            },
          ]
        : []),
    ],
    cookies: { keys: [randomBytes(32).toString("hex")] },
    jwks: {
      keys: [
        {
          ...generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" }),
          alg: "RS256",
          use: "sig",
        },
      ],
    },
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => false },
    issueRefreshToken: async (_ctx, oidcClient) => oidcClient.grantTypeAllowed("refresh_token"),
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: async (_ctx, accountId) => ({ accountId, claims: async () => ({ sub: accountId }) }),
    ttl: { AccessToken: 3600, AuthorizationCode: 120, RefreshToken: 86_400 },
  };
  const provider = new Provider(issuer, configuration);
  // The real portal registers each server's callback; the stand-in accepts every tenant's, so tests
  // can run flows for several tenants (each code stays bound to the redirect URI it was issued for).
  const registered = new Set(client.redirectUris);
  provider.Client.prototype.redirectUriAllowed = (value: string) =>
    registered.has(value) || PORTAL_CALLBACK.test(value) || SIGN_IN_CALLBACK.test(value);
  const callback = provider.callback();
  const tickets = ticketSystem(issuer, async (accessToken) => {
    const token = await provider.AccessToken.find(accessToken);
    if (!token?.grantId || !(await provider.Grant.find(token.grantId))) return undefined;
    return token.accountId;
  });
  const server: Server = createServer(async (req, res) => {
    if (await tickets(req, res)) return;
    if (!req.url?.startsWith("/interaction/")) return callback(req, res);
    try {
      const details = await provider.interactionDetails(req, res);
      if (details.prompt.name === "login") {
        await provider.interactionFinished(
          req,
          res,
          { login: { accountId: PORTAL_ACCOUNT } },
          { mergeWithLastSubmission: false },
        );
        return;
      }
      const grant = new provider.Grant({
        accountId: PORTAL_ACCOUNT,
        clientId: String(details.params.client_id),
      });
      grant.addOIDCScope(String(details.params.scope ?? "openid"));
      await provider.interactionFinished(
        req,
        res,
        { consent: { grantId: await grant.save() } },
        { mergeWithLastSubmission: true },
      );
    } catch {
      res.statusCode = 400;
      res.end("interaction failed");
    }
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    issuer,
    tokenEndpoint: `${issuer}/token`,
    authorizationEndpoint: `${issuer}/auth`,
    ticketsUrl: issuer,
    client,
    async expireAccessToken(accessToken) {
      await (await provider.AccessToken.find(accessToken))?.destroy();
    },
    async revokeGrant(accessToken) {
      const token = await provider.AccessToken.find(accessToken);
      if (token?.grantId) await (await provider.Grant.find(token.grantId))?.destroy();
      await token?.destroy();
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Runs the authorization-code flow against a portal as a browser would (following redirects and
 * keeping cookies) and returns the code delivered to `redirectUri`.
 */
export async function obtainPortalCode(
  authorizationEndpoint: string,
  clientId: string,
  redirectUri: string,
): Promise<string> {
  const jar = new Map<string, string>();
  const url = new URL(authorizationEndpoint);
  url.search = new URLSearchParams({
    client_id: clientId,
    response_type: "code",
    scope: "openid",
    redirect_uri: redirectUri,
    state: randomBytes(8).toString("hex"),
  }).toString();
  let next = url.toString();
  for (let hop = 0; hop < 10; hop++) {
    if (next.startsWith(redirectUri)) {
      const code = new URL(next).searchParams.get("code");
      if (!code)
        throw new Error(
          `the portal answered without a code: ${new URL(next).searchParams.get("error") ?? "?"}`,
        );
      return code;
    }
    const response = await fetch(next, {
      redirect: "manual",
      headers: { cookie: [...jar].map(([name, value]) => `${name}=${value}`).join("; ") },
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ""] = cookie.split(";");
      const at = pair.indexOf("=");
      if (at > 0) jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
    const location = response.headers.get("location");
    await response.body?.cancel();
    if (!location) throw new Error(`the portal stopped the flow with HTTP ${response.status}`);
    next = new URL(location, next).toString();
  }
  throw new Error("the portal redirected too many times");
}
