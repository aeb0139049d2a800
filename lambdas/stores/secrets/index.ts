import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { countAwsCalls } from "../../kernel/aws-calls.js";
import type { ItemKey } from "../../kernel/domain.js";
import { traced } from "../../kernel/tracer.js";
import { awsClientConfig } from "../aws-client-config.js";
import { keys } from "../dynamo.js";
import { FileSecretStore } from "./file-store.js";
import type { SecretStore } from "./secret-store.js";
import { bumpSecretsVersion, readSecretsVersion } from "./secret-versions.js";
import {
  deleteSecrets,
  readSecrets,
  type SecretsManagerContext,
  type SecretsManagerStoreOptions,
  type SecretsWriterContext,
  secretsCache,
  writeSecrets,
} from "./secrets-manager-store.js";

/**
 * The container's tenant secrets: a local 0600 file when SECRETS_FILE is set (the embedded
 * default), else Secrets Manager. Readers, writers and the admin command each take only the part
 * they use, so a reading function's bundle holds no write call and its role grants none.
 */
let reading: SecretsManagerContext | undefined;
let file: FileSecretStore | undefined;

function local(): FileSecretStore | undefined {
  const path = process.env.SECRETS_FILE;
  if (path) file ??= new FileSecretStore(path);
  return path ? file : undefined;
}

function aws(): SecretsManagerContext {
  if (reading) return reading;
  const options: SecretsManagerStoreOptions = {
    client: countAwsCalls(
      traced(new SecretsManagerClient(awsClientConfig(process.env.SECRETS_MANAGER_ENDPOINT))),
      "SecretsManager",
    ),
    prefix: process.env.SECRET_PREFIX ?? "whm/dev/tenants/",
    stage: process.env.STAGE ?? "dev",
    kmsKeyId: process.env.SECRETS_KMS_KEY_ID || undefined,
    cacheSeconds: Number(process.env.SECRETS_CACHE_SECONDS ?? 300),
  };
  reading = { options, cache: secretsCache(options), readVersion: readSecretsVersion };
  return reading;
}

/** The same container state, able to record writes (the writer's cache sees its own write). */
function awsWriter(): SecretsWriterContext {
  return { ...aws(), bumpVersion: bumpSecretsVersion };
}

// Each a separate constant, so that a bundle keeps (and its role is granted) only those it uses.
const get: SecretStore["get"] = (tenant, options) => readSecrets(aws(), tenant, options);
const put: SecretStore["put"] = (tenant, secrets) => writeSecrets(awsWriter(), tenant, secrets);
const remove: SecretStore["delete"] = (tenant) => deleteSecrets(awsWriter(), tenant);

/** What reading a tenant's secrets reads from the table by key: the version a cached copy is checked against. */
export function secretReads(tenant: string): ItemKey[] {
  return local() ? [] : [keys.secretsVersion(tenant)];
}

export function secretReader(): Pick<SecretStore, "get"> {
  return local() ?? { get };
}

export function secretWriter(): Pick<SecretStore, "get" | "put"> {
  return local() ?? { get, put };
}

/** Everything, deletion included: for the admin command only. */
export function secretStore(): SecretStore {
  return local() ?? { get, put, delete: remove };
}

export type { ClientConfiguration, SecretStore, TenantSecrets } from "./secret-store.js";
