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
import { SecretsManagerStore } from "../../lambdas/stores/secrets/secrets-manager-store.js";
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

const options = {
  prefix: "whm/test/tenants/",
  stage: "test",
  kmsKeyId: "arn:aws:kms:us-east-1:1:key/k",
  cacheSeconds: 0,
};

secretStoreContract(
  "SecretsManagerStore",
  async () => new SecretsManagerStore({ ...options, client: fakeSecretsManager().client }),
);

it("SecretsManagerStore creates one secret per tenant under the stage prefix, KMS-encrypted and tagged", async () => {
  const { client, mock } = fakeSecretsManager();
  await new SecretsManagerStore({ ...options, client }).put("acme", { providers: {} });
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
  const store = new SecretsManagerStore({ ...options, client, cacheSeconds: 300 });
  await store.put("acme", { providers: { a: { client_id: "1" } } });
  await store.get("acme");
  await store.get("acme");
  assert.equal(mock.commandCalls(GetSecretValueCommand).length, 0);
  assert.deepEqual(await store.get("acme"), { providers: { a: { client_id: "1" } } });
});

it("SecretsManagerStore lets other errors through instead of treating them as 'no secret'", async () => {
  const { client, mock } = fakeSecretsManager();
  mock
    .on(GetSecretValueCommand)
    .rejects(Object.assign(new Error("denied"), { name: "AccessDeniedException" }));
  await assert.rejects(new SecretsManagerStore({ ...options, client }).get("acme"), /denied/);
});
