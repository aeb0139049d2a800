import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { countAwsCalls } from "../../runtime/aws-calls.js";
import { FileSecretStore } from "./file-store.js";
import type { SecretStore } from "./secret-store.js";
import { SecretsManagerStore } from "./secrets-manager-store.js";

let store: SecretStore | undefined;

/** The container's secret store: a local file when SECRETS_FILE is set, else Secrets Manager. */
export function secretStore(): SecretStore {
  if (store) return store;
  const file = process.env.SECRETS_FILE;
  store = file
    ? new FileSecretStore(file)
    : new SecretsManagerStore({
        client: countAwsCalls(
          new SecretsManagerClient({ endpoint: process.env.SECRETS_MANAGER_ENDPOINT || undefined }),
          "SecretsManager",
        ),
        prefix: process.env.SECRET_PREFIX ?? "whm/dev/tenants/",
        stage: process.env.STAGE ?? "dev",
        kmsKeyId: process.env.SECRETS_KMS_KEY_ID || undefined,
        cacheSeconds: Number(process.env.SECRETS_CACHE_SECONDS ?? 300),
      });
  return store;
}

export type { ClientConfiguration, SecretStore, TenantSecrets } from "./secret-store.js";
