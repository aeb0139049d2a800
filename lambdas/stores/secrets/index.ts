import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { countAwsCalls } from "../../runtime/aws-calls.js";
import { awsClientConfig } from "../aws-client-config.js";
import { FileSecretStore } from "./file-store.js";
import type { SecretStore } from "./secret-store.js";
import { dynamoSecretVersions } from "./secret-versions.js";
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
          new SecretsManagerClient(awsClientConfig(process.env.SECRETS_MANAGER_ENDPOINT)),
          "SecretsManager",
        ),
        prefix: process.env.SECRET_PREFIX ?? "whm/dev/tenants/",
        stage: process.env.STAGE ?? "dev",
        kmsKeyId: process.env.SECRETS_KMS_KEY_ID || undefined,
        cacheSeconds: Number(process.env.SECRETS_CACHE_SECONDS ?? 300),
        versions: dynamoSecretVersions,
      });
  return store;
}

export type { ClientConfiguration, SecretStore, TenantSecrets } from "./secret-store.js";
