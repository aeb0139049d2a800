import {
  CreateSecretCommand,
  DeleteSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { TtlCache } from "../../runtime/ttl-cache.js";
import type { SecretStore, TenantSecrets } from "./secret-store.js";
import type { SecretVersions } from "./secret-versions.js";

export interface SecretsManagerStoreOptions {
  client: SecretsManagerClient;
  /** Name prefix, e.g. `whm/prod/tenants/`; IAM grants are scoped to it. */
  prefix: string;
  stage: string;
  kmsKeyId?: string;
  /** How long a read stays cached in the container; 0 disables the cache. */
  cacheSeconds: number;
  /** The version stamp each read checks, so that a write through any container is seen at once. */
  versions: SecretVersions;
}

const isNotFound = (error: unknown) => (error as Error).name === "ResourceNotFoundException";

/**
 * Tenant secrets in AWS Secrets Manager, one secret per tenant. A container keeps what it read
 * (for at most `cacheSeconds`) together with the version stamp it read it at; every read checks
 * the current stamp in the table (one small consistent read, far cheaper than Secrets Manager), so
 * a write through any container is seen by every other on its next call. "No secret" is never
 * cached.
 */
export class SecretsManagerStore implements SecretStore {
  private readonly cache: TtlCache<string, { version: number; secrets: TenantSecrets }>;

  constructor(private readonly options: SecretsManagerStoreOptions) {
    this.cache = new TtlCache(() => options.cacheSeconds * 1000);
  }

  private secretName(tenant: string): string {
    return `${this.options.prefix}${tenant}/authn-providers`;
  }

  async get(tenant: string, options: { fresh?: boolean } = {}): Promise<TenantSecrets | undefined> {
    const version = await this.options.versions.read(tenant);
    const hit = options.fresh ? undefined : this.cache.get(tenant);
    if (hit && hit.value.version === version) return structuredClone(hit.value.secrets);
    let value: TenantSecrets | undefined;
    try {
      const { SecretString } = await this.options.client.send(
        new GetSecretValueCommand({ SecretId: this.secretName(tenant) }),
      );
      value = SecretString ? (JSON.parse(SecretString) as TenantSecrets) : undefined;
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    if (value) this.cache.set(tenant, { version, secrets: value });
    else this.cache.delete(tenant);
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
    const version = await this.options.versions.bump(tenant);
    this.cache.set(tenant, { version, secrets: structuredClone(secrets) });
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
