import type { Service } from "../runtime/errors.js";

/** The TLS ports of the three services (cpsrvd's defaults), in the order WHM lists redirect URIs. */
export const SERVICE_PORTS: Readonly<Record<Service, number>> = {
  cpaneld: 2083,
  whostmgrd: 2087,
  webmaild: 2096,
};

/** WHM's default redirect URIs for a provider: one callback per service, on the tenant's hostname. */
export function defaultRedirectUris(hostname: string, providerId: string): string[] {
  return Object.values(SERVICE_PORTS).map(
    (port) => `https://${hostname}:${port}/openid_connect_callback/${providerId}`,
  );
}
