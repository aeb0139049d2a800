import assert from "node:assert/strict";
import { it } from "node:test";
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { mockClient } from "aws-sdk-client-mock";
import type { SecretVersions } from "../../lambdas/stores/secrets/secret-versions.js";
import { secretsManagerStore } from "../../lambdas/stores/secrets/secrets-manager-store.js";
import { secretStoreContract } from "./secret-store.contract.js";

/** Secrets Manager has no local emulator here: the SDK client is mocked with an in-memory secret map. */
function fakeSecretsManager() {
  const client = new SecretsManagerClient({ region: "us-east-1" });
  const mock = mockClient(client);
  const secrets = new Map<string, string>();
  const notFound = () => new ResourceNotFoundException({ message: "not found", $metadata: {} });
  mock.on(GetSecretValueCommand).callsFake(({ SecretId }) => {
    if (!secrets.has(SecretId)) throw notFound();
    return { SecretString: secrets.get(SecretId) };
  });
  mock.on(PutSecretValueCommand).callsFake(({ SecretId, SecretString }) => {
    if (!secrets.has(SecretId)) throw notFound();
    secrets.set(SecretId, SecretString);
    return {};
  });
  mock.on(CreateSecretCommand).callsFake(({ Name, SecretString }) => {
    secrets.set(Name, SecretString);
    return {};
  });
  mock.on(DeleteSecretCommand).callsFake(({ SecretId }) => {
    if (!secrets.delete(SecretId)) throw notFound();
    return {};
  });
  return { client, mock, secrets };
}

/** Version stamps in memory, shared by every store made with them (as the table is by containers). */
function memoryVersions(): SecretVersions {
  const versions = new Map<string, number>();
  return {
    read: async (tenant) => versions.get(tenant) ?? 0,
    bump: async (tenant) => {
      versions.set(tenant, (versions.get(tenant) ?? 0) + 1);
      return versions.get(tenant) ?? 0;
    },
  };
}

const options = {
  prefix: "whm/test/tenants/",
  stage: "test",
  kmsKeyId: "arn:aws:kms:us-east-1:1:key/k",
  cacheSeconds: 0,
  versions: memoryVersions(),
};

secretStoreContract("SecretsManagerStore", async () =>
  secretsManagerStore({ ...options, client: fakeSecretsManager().client }),
);

it("SecretsManagerStore creates one secret per tenant under the stage prefix, KMS-encrypted and tagged", async () => {
  const { client, mock } = fakeSecretsManager();
  await secretsManagerStore({ ...options, client }).put("acme", { providers: {} });
  const create = mock.commandCalls(CreateSecretCommand)[0]?.args[0].input;
  assert.equal(create?.Name, "whm/test/tenants/acme/authn-providers");
  assert.equal(create?.KmsKeyId, options.kmsKeyId);
  assert.deepEqual(create?.Tags, [
    { Key: "whm:tenant", Value: "acme" },
    { Key: "whm:stage", Value: "test" },
  ]);
});

it("SecretsManagerStore serves warm reads from its cache and the writer's cache sees its own write", async () => {
  const { client, mock } = fakeSecretsManager();
  const store = secretsManagerStore({ ...options, client, cacheSeconds: 300 });
  await store.put("acme", { providers: { a: { client_id: "1" } } });
  await store.get("acme");
  await store.get("acme");
  assert.equal(mock.commandCalls(GetSecretValueCommand).length, 0);
  assert.deepEqual(await store.get("acme"), { providers: { a: { client_id: "1" } } });
});

it("SecretsManagerStore: a write through one container is read by another on its next call", async () => {
  const { client, mock } = fakeSecretsManager();
  const versions = memoryVersions();
  const writer = secretsManagerStore({ ...options, client, versions, cacheSeconds: 300 });
  const reader = secretsManagerStore({ ...options, client, versions, cacheSeconds: 300 });
  await writer.put("acme", { providers: { a: { client_id: "1" } } });
  assert.deepEqual(await reader.get("acme"), { providers: { a: { client_id: "1" } } });
  await writer.put("acme", { providers: { a: { client_id: "2" } } });
  assert.deepEqual(await reader.get("acme"), { providers: { a: { client_id: "2" } } });
  assert.deepEqual(await reader.get("acme"), { providers: { a: { client_id: "2" } } });
  assert.equal(
    mock.commandCalls(GetSecretValueCommand).length,
    2,
    "the unchanged third read came from the cache",
  );
});

it("SecretsManagerStore never caches the absence of a secret", async () => {
  const { client } = fakeSecretsManager();
  const versions = memoryVersions();
  const reader = secretsManagerStore({ ...options, client, versions, cacheSeconds: 300 });
  const writer = secretsManagerStore({ ...options, client, versions, cacheSeconds: 300 });
  assert.equal(await reader.get("acme"), undefined);
  await writer.put("acme", { providers: {} });
  assert.deepEqual(await reader.get("acme"), { providers: {} });
});

it("SecretsManagerStore lets other errors through instead of treating them as 'no secret'", async () => {
  const { client, mock } = fakeSecretsManager();
  mock
    .on(GetSecretValueCommand)
    .rejects(Object.assign(new Error("denied"), { name: "AccessDeniedException" }));
  await assert.rejects(secretsManagerStore({ ...options, client }).get("acme"), /denied/);
});
