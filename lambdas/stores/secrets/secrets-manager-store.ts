import {
  CreateSecretCommand,
  DeleteSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import type { CommandIO, MetadataBearer } from "@smithy/types";
import { TtlCache } from "../../kernel/ttl-cache.js";
import type { SecretAccess } from "../aws-access.js";
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
}

const isNotFound = (error: unknown) => (error as Error).name === "ResourceNotFoundException";

/**
 * A container's view of the tenants' secrets: where they are, what it has read of them, and the
 * version stamp each read checks (so that a write through any container is seen at once).
 */
export interface SecretsManagerContext {
  readonly options: SecretsManagerStoreOptions;
  readonly cache: TtlCache<string, { version: number; secrets: TenantSecrets }>;
  readonly readVersion: SecretVersions["read"];
}

/** A writer also records each write's new version. */
export interface SecretsWriterContext extends SecretsManagerContext {
  readonly bumpVersion: SecretVersions["bump"];
}

export function secretsCache(options: SecretsManagerStoreOptions): SecretsManagerContext["cache"] {
  return new TtlCache(() => options.cacheSeconds * 1000);
}

const secretName = ({ options }: SecretsManagerContext, tenant: string) =>
  `${options.prefix}${tenant}/authn-providers`;

/**
 * Tenant secrets in AWS Secrets Manager, one secret per tenant. A container keeps what it read
 * (for at most `cacheSeconds`) together with the version stamp it read it at; every read checks
 * the current stamp in the table (one small consistent read, far cheaper than Secrets Manager), so
 * a write through any container is seen by every other on its next call. "No secret" is never
 * cached. Reading, writing and deleting are separate functions so that a function's bundle (and
 * so its role) holds only the ones it uses.
 */
export async function readSecrets(
  context: SecretsManagerContext,
  tenant: string,
  options: { fresh?: boolean } = {},
): Promise<TenantSecrets | undefined> {
  const version = await context.readVersion(tenant);
  const hit = options.fresh ? undefined : context.cache.get(tenant);
  if (hit && hit.value.version === version) return structuredClone(hit.value.secrets);
  let value: TenantSecrets | undefined;
  try {
    const { SecretString } = await call(
      context.options.client,
      "secretsmanager:GetSecretValue on tenant-secrets",
      new GetSecretValueCommand({ SecretId: secretName(context, tenant) }),
    );
    value = SecretString ? (JSON.parse(SecretString) as TenantSecrets) : undefined;
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  if (value) context.cache.set(tenant, { version, secrets: value });
  else context.cache.delete(tenant);
  return structuredClone(value);
}

/** Replaces the tenant's secrets, creating the secret on first write; the writer's cache sees it at once. */
export async function writeSecrets(
  context: SecretsWriterContext,
  tenant: string,
  secrets: TenantSecrets,
): Promise<void> {
  const SecretString = JSON.stringify(secrets);
  const SecretId = secretName(context, tenant);
  try {
    await call(
      context.options.client,
      "secretsmanager:PutSecretValue on tenant-secrets",
      new PutSecretValueCommand({ SecretId, SecretString }),
    );
  } catch (error) {
    if (!isNotFound(error)) throw error;
    await call(
      context.options.client,
      ["secretsmanager:CreateSecret on tenant-secrets", "secretsmanager:TagResource on tenant-secrets"],
      new CreateSecretCommand({
        Name: SecretId,
        SecretString,
        KmsKeyId: context.options.kmsKeyId,
        Description: `whm-serverless identity-provider client configurations of tenant ${tenant}`,
        Tags: [
          { Key: "whm:tenant", Value: tenant },
          { Key: "whm:stage", Value: context.options.stage },
        ],
      }),
    );
  }
  const version = await context.bumpVersion(tenant);
  context.cache.set(tenant, { version, secrets: structuredClone(secrets) });
}

/** Removes the tenant's secret at once (no recovery window: the tenant is being deleted). */
export async function deleteSecrets(context: SecretsManagerContext, tenant: string): Promise<void> {
  try {
    await call(
      context.options.client,
      "secretsmanager:DeleteSecret on tenant-secrets",
      new DeleteSecretCommand({ SecretId: secretName(context, tenant), ForceDeleteWithoutRecovery: true }),
    );
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  context.cache.delete(tenant);
}

/** All three as one store (the admin command and the shared contract tests use it whole). */
export function secretsManagerStore(
  options: SecretsManagerStoreOptions & { versions: SecretVersions },
): SecretStore {
  const context: SecretsWriterContext = {
    options,
    cache: secretsCache(options),
    readVersion: options.versions.read,
    bumpVersion: options.versions.bump,
  };
  return {
    get: (tenant, read) => readSecrets(context, tenant, read),
    put: (tenant, secrets) => writeSecrets(context, tenant, secrets),
    delete: (tenant) => deleteSecrets(context, tenant),
  };
}

/** Sends one command, naming the IAM actions it needs (see ../aws-access.ts). */
export function call<I extends object, O extends MetadataBearer>(
  client: SecretsManagerClient,
  _access: SecretAccess | readonly SecretAccess[],
  command: CommandIO<I, O>,
): Promise<O> {
  return client.send(command as never) as Promise<O>;
}
