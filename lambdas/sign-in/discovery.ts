import * as oauth from "oauth4webapi";
import type { ProviderFacts } from "../providers/provider.js";
import type { ClientConfiguration } from "../stores/secrets/index.js";

const WELL_KNOWN = "/.well-known/openid-configuration";
/** Providers' metadata changes rarely; an hour per container keeps sign-ins to one fetch. */
const METADATA_TTL_MS = 3_600_000;
const TIMEOUT_MS = 5_000;

const cache = new Map<string, { server: oauth.AuthorizationServer; until: number }>();

/**
 * Plain HTTP only to a provider on loopback, and never in Lambda (where loopback is the runtime
 * API, and a tenant names WHMCS's discovery URL): the local stand-in. Every other provider is HTTPS.
 */
export function insecureAllowed(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  const loopback = hostname === "127.0.0.1" || hostname === "localhost" || hostname === "[::1]";
  return protocol === "http:" && loopback && !process.env.AWS_LAMBDA_FUNCTION_NAME;
}

/** Where a provider's OpenID discovery document is: fixed, or named by its client configuration (WHMCS). */
export function discoveryUrl(provider: ProviderFacts, config: ClientConfiguration): string | undefined {
  if (!provider.discovery) return undefined;
  return "url" in provider.discovery ? provider.discovery.url : config[provider.discovery.field] || undefined;
}

/**
 * The provider's authorization server metadata (OpenID Connect Discovery), checked by oauth4webapi
 * against the issuer its URL names, and kept per container for an hour.
 */
export async function authorizationServer(url: string): Promise<oauth.AuthorizationServer> {
  const hit = cache.get(url);
  if (hit && hit.until > Date.now()) return hit.server;
  const issuer = new URL(url.endsWith(WELL_KNOWN) ? url.slice(0, -WELL_KNOWN.length) : url);
  const response = await oauth.discoveryRequest(issuer, {
    algorithm: "oidc",
    signal: AbortSignal.timeout(TIMEOUT_MS),
    [oauth.allowInsecureRequests]: insecureAllowed(url),
  });
  const server = await oauth.processDiscoveryResponse(issuer, response);
  cache.set(url, { server, until: Date.now() + METADATA_TTL_MS });
  return server;
}
