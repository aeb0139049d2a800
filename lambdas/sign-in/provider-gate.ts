import type * as oauth from "oauth4webapi";
import type { Service, Tenant } from "../kernel/domain.js";
import type { ProviderFacts } from "../providers/provider.js";
import { findProvider, PROVIDERS } from "../providers/registry.js";
import { whmRedirectUri } from "../providers/service-ports.js";
import {
  getProviderSettings,
  listProviderSettings,
  type ProviderSettings,
} from "../stores/provider-settings.js";
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
 * Where a provider's metadata is, and our client at it, when the tenant lets users sign in with it
 * to `service`: enabled there, with a client id and secret, and an OpenID discovery document.
 */
function signInClient(
  provider: ProviderFacts,
  settings: ProviderSettings | undefined,
  config: ClientConfiguration | undefined,
  service: Service,
): { url: string; clientId: string; clientSecret: string } | undefined {
  if (!settings?.enabled[service] || !config?.client_id || !config.client_secret) return undefined;
  const url = discoveryUrl(provider, config);
  return url ? { url, clientId: config.client_id, clientSecret: config.client_secret } : undefined;
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
  const client = signInClient(provider, settings, secrets?.providers[provider.id], service);
  if (!client) return undefined;
  return {
    id: provider.id,
    server: await authorizationServer(client.url),
    client: { client_id: client.clientId },
    clientSecret: client.clientSecret,
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
    .filter((provider) =>
      signInClient(provider, settings.get(provider.id), secrets?.providers[provider.id], service),
    )
    .map(({ id, displayName }) => ({ id, displayName }));
}
