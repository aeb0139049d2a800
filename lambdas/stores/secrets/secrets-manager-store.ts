import {
  CreateSecretCommand,
  DeleteSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { TtlCache } from "../../runtime/ttl-cache.js";
import type { SecretStore, TenantSecrets } from "./secret-store.js";

export interface SecretsManagerStoreOptions {
  client: SecretsManagerClient;
  /** Name prefix, e.g. `whm/prod/tenants/`; IAM grants are scoped to it. */
  prefix: string;
  stage: string;
  kmsKeyId?: string;
  /** How long a read stays cached in the container; 0 disables the cache. */
  cacheSeconds: number;
}

const isNotFound = (error: unknown) => (error as Error).name === "ResourceNotFoundException";

/**
 * Tenant secrets in AWS Secrets Manager, one secret per tenant, with an in-container cache of
 * bounded age. The container that writes updates its own cache at once; others see the change
 * within `cacheSeconds`.
 */
export class SecretsManagerStore implements SecretStore {
  private readonly cache: TtlCache<string, TenantSecrets | undefined>;

  constructor(private readonly options: SecretsManagerStoreOptions) {
    this.cache = new TtlCache(() => options.cacheSeconds * 1000);
  }

  private secretName(tenant: string): string {
    return `${this.options.prefix}${tenant}/authn-providers`;
  }

  async get(tenant: string, options: { fresh?: boolean } = {}): Promise<TenantSecrets | undefined> {
    const hit = options.fresh ? undefined : this.cache.get(tenant);
    if (hit) return structuredClone(hit.value);
    let value: TenantSecrets | undefined;
    try {
      const { SecretString } = await this.options.client.send(
        new GetSecretValueCommand({ SecretId: this.secretName(tenant) }),
      );
      value = SecretString ? (JSON.parse(SecretString) as TenantSecrets) : undefined;
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    this.cache.set(tenant, value);
    return structuredClone(value);
  }

  async put(tenant: string, secrets: TenantSecrets): Promise<void> {
    const SecretString = JSON.stringify(secrets);
    const SecretId = this.secretName(tenant);
    try {
      await this.options.client.send(new PutSecretValueCommand({ SecretId, SecretString }));
    } catch (error) {
      if (!isNotFound(error)) throw error;
      await this.options.client.send(
        new CreateSecretCommand({
          Name: SecretId,
          SecretString,
          KmsKeyId: this.options.kmsKeyId,
          Description: `whm-serverless identity-provider client configurations of tenant ${tenant}`,
          Tags: [
            { Key: "whm:tenant", Value: tenant },
            { Key: "whm:stage", Value: this.options.stage },
          ],
        }),
      );
    }
    this.cache.set(tenant, structuredClone(secrets));
  }

  async delete(tenant: string): Promise<void> {
    try {
      await this.options.client.send(
        new DeleteSecretCommand({ SecretId: this.secretName(tenant), ForceDeleteWithoutRecovery: true }),
      );
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    this.cache.delete(tenant);
  }
}
