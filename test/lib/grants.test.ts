import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { it } from "node:test";
import { grantsOf, writesTable } from "../../lib/grants.js";

const LAMBDAS = join(import.meta.dirname, "..", "..", "lambdas");

it("reads table, partition-held and secret accesses from a bundle's literals", () => {
  const grants = grantsOf(
    'a("dynamodb:GetItem",x);b("dynamodb:UpdateItem on SESSION#",y);c("secretsmanager:GetSecretValue on tenant-secrets");d("secretsmanager:GetSecretValue on portal-secret")',
  );
  assert.deepEqual([...grants.table], ["dynamodb:GetItem"]);
  assert.deepEqual([...grants.partitions], [["SESSION#", new Set(["dynamodb:UpdateItem"])]]);
  assert.deepEqual([...grants.tenantSecrets], ["secretsmanager:GetSecretValue"]);
  assert.deepEqual([...grants.portalSecret], ["secretsmanager:GetSecretValue"]);
});

it("keeps an action held to a partition once, unconditioned, when the bundle also has it on the whole table", () => {
  const grants = grantsOf(
    '"dynamodb:PutItem on AUTHFAIL#";"dynamodb:UpdateItem on AUTHFAIL#";"dynamodb:PutItem"',
  );
  assert.deepEqual([...grants.table], ["dynamodb:PutItem"]);
  assert.deepEqual([...grants.partitions], [["AUTHFAIL#", new Set(["dynamodb:UpdateItem"])]]);
});

it("tells reads from writes for the table's key", () => {
  assert.equal(writesTable(grantsOf('"dynamodb:GetItem";"dynamodb:Query"')), false);
  assert.equal(writesTable(grantsOf('"dynamodb:GetItem";"dynamodb:UpdateItem on SESSION#"')), true);
});

it("reads the signing keys' KMS actions apart from the table's and the secrets'", () => {
  const grants = grantsOf('"kms:Sign on signing-keys";"dynamodb:GetItem"');
  assert.deepEqual([...grants.signingKeys], ["kms:Sign"]);
  assert.deepEqual([...grants.table], ["dynamodb:GetItem"]);
});

it("refuses a secret access without a known scope", () => {
  assert.throws(() => grantsOf('"secretsmanager:GetSecretValue on elsewhere"'), /unknown access/);
});

it("finds every AWS call in lambdas/ sent through call(), which names its access", async () => {
  const files = (await readdir(LAMBDAS, { recursive: true })).filter((file) => file.endsWith(".ts"));
  const senders: string[] = [];
  for (const file of files) {
    const text = await readFile(join(LAMBDAS, file), "utf8");
    if (/\.send\(/.test(text)) senders.push(file);
  }
  assert.deepEqual(senders.sort(), [
    "stores/dynamo.ts",
    "stores/secrets/secrets-manager-store.ts",
    "stores/signing-keys.ts",
  ]);
});
