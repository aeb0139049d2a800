import type * as oauth from "oauth4webapi";
import type { Service, Tenant } from "../kernel/domain.js";
import { findProvider, PROVIDERS } from "../providers/registry.js";
import { whmRedirectUri } from "../providers/service-ports.js";
import { getProviderSettings, listProviderSettings } from "../stores/provider-settings.js";
import { type ClientConfiguration, secretReader } from "../stores/secrets/index.js";
import { authorizationServer, discoveryUrl } from "./discovery.js";

/** A provider a tenant's users may sign in to WHM with, and what talking to it needs. */
export interface SignInProvider {
  readonly id: string;
  readonly server: oauth.AuthorizationServer;
  readonly client: oauth.Client;
  readonly clientSecret: string;
  /**
   * WHM's redirect URI for the WHM service (OpenIdConnectBase.pm picks the entry of the service's
   * port): `https://HOST:2087/openid_connect_callback/PROVIDER`, as get_provider_client_configurations
   * advertises it.
   */
  readonly redirectUri: string;
}

/**
 * The provider `id` when it is a known OpenID Connect provider, configured (client id and secret)
 * and enabled in the tenant for the service signed in to (WHM, `whostmgrd`, unless a tenant's
 * server asks for its cPanel or Webmail); undefined otherwise.
 */
export async function signInProvider(
  tenant: Tenant,
  id: string,
  service: Service = "whostmgrd",
): Promise<SignInProvider | undefined> {
  const provider = findProvider(id);
  if (!provider || provider.id !== id) return undefined;
  const [settings, secrets] = await Promise.all([
    getProviderSettings(tenant.id, provider.id),
    secretReader().get(tenant.id),
  ]);
  const config: ClientConfiguration | undefined = secrets?.providers[provider.id];
  if (!settings.enabled[service] || !config?.client_id || !config.client_secret) return undefined;
  const url = discoveryUrl(provider, config);
  if (!url) return undefined;
  return {
    id: provider.id,
    server: await authorizationServer(url),
    client: { client_id: config.client_id },
    clientSecret: config.client_secret,
    redirectUri: whmRedirectUri(tenant.hostname, provider.id),
  };
}

/**
 * The providers the hosted login page offers for a service: OpenID Connect providers enabled for
 * it and configured, in the registry's order (their metadata is fetched only when one is chosen).
 */
export async function offeredProviders(
  tenant: Tenant,
  service: Service,
): Promise<Array<{ readonly id: string; readonly displayName: string }>> {
  const [settings, secrets] = await Promise.all([
    listProviderSettings(tenant.id),
    secretReader().get(tenant.id),
  ]);
  return [...PROVIDERS.values()]
    .filter((provider) => {
      const config = secrets?.providers[provider.id];
      return (
        settings.get(provider.id)?.enabled[service] &&
        config?.client_id &&
        config.client_secret &&
        discoveryUrl(provider, config)
      );
    })
    .map(({ id, displayName }) => ({ id, displayName }));
}
