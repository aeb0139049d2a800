/** One provider's client configuration fields (client_id, client_secret, ...). */
export type ClientConfiguration = Record<string, string>;

/** Everything secret a tenant owns: its identity providers' client configurations, by provider id. */
export interface TenantSecrets {
  providers: Record<string, ClientConfiguration>;
}

/**
 * Where tenants' secrets live. Two adapters: AWS Secrets Manager (deployed) and a 0600 file
 * (the embedded default). Both pass test/stores/secret-store.contract.ts.
 */
export interface SecretStore {
  /** The tenant's secrets, or undefined when none were ever written; `fresh` bypasses any cache. */
  get(tenant: string, options?: { fresh?: boolean }): Promise<TenantSecrets | undefined>;
  /** Replaces the tenant's secrets (creating the secret on first write). */
  put(tenant: string, secrets: TenantSecrets): Promise<void>;
  /** Removes every secret of the tenant; no error when there are none. */
  delete(tenant: string): Promise<void>;
}
