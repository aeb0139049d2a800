import type { Service } from "../kernel/domain.js";

/** The TLS ports of the three services (cpsrvd's defaults), in the order WHM lists redirect URIs. */
export const SERVICE_PORTS: Readonly<Record<Service, number>> = {
  cpaneld: 2083,
  whostmgrd: 2087,
  webmaild: 2096,
};

/**
 * A provider's callback for one service, on the tenant's host name and the service's port. A stage
 * that serves every service on one origin names it in SERVICE_BASE_URL, and every callback is on
 * it: `{host}` stands for the tenant's host name (a deployed stage with a tenant domain:
 * `https://{host}`, on 443); the local stage gives one origin for all (`http://localhost:PORT`).
 */
function callbackUri(hostname: string, providerId: string, service: Service): string {
  const base =
    process.env.SERVICE_BASE_URL?.replace("{host}", hostname) ??
    `https://${hostname}:${SERVICE_PORTS[service]}`;
  return `${base}/openid_connect_callback/${providerId}`;
}

/**
 * WHM's default redirect URIs for a provider: one callback per service, in WHM's order, each once
 * (where every service is on one origin, there is one).
 */
export function defaultRedirectUris(hostname: string, providerId: string): string[] {
  const uris = (Object.keys(SERVICE_PORTS) as Service[]).map((service) =>
    callbackUri(hostname, providerId, service),
  );
  return [...new Set(uris)];
}

/** The redirect URI of a WHM sign-in: the `whostmgrd` entry, as cpsrvd picks the entry of its port. */
export function whmRedirectUri(hostname: string, providerId: string): string {
  return callbackUri(hostname, providerId, "whostmgrd");
}
