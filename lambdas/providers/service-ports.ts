import type { Service } from "../runtime/errors.js";

/** The TLS ports of the three services (cpsrvd's defaults), in the order WHM lists redirect URIs. */
export const SERVICE_PORTS: Readonly<Record<Service, number>> = {
  cpaneld: 2083,
  whostmgrd: 2087,
  webmaild: 2096,
};

/**
 * WHM's default redirect URIs for a provider: one callback per service, on the tenant's host name
 * and the service's port. A stage that serves every service on one origin (the local stage, plain
 * HTTP on one port) names it in SERVICE_BASE_URL, and the three callbacks are on it.
 */
export function defaultRedirectUris(hostname: string, providerId: string): string[] {
  const base = process.env.SERVICE_BASE_URL;
  return Object.values(SERVICE_PORTS).map(
    (port) => `${base ?? `https://${hostname}:${port}`}/openid_connect_callback/${providerId}`,
  );
}

/** The redirect URI of a WHM sign-in: the `whostmgrd` entry, as cpsrvd picks the entry of its port. */
export function whmRedirectUri(hostname: string, providerId: string): string {
  return defaultRedirectUris(hostname, providerId)[Object.keys(SERVICE_PORTS).indexOf("whostmgrd")] ?? "";
}
