import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { after, before, describe, it } from "node:test";
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../../lambdas/stores/dynamo.js";
import { apiFailure } from "../helpers/api-failure.js";
import { startTestStack, type TestStack } from "../helpers/local-stack.js";

describe("set_provider_client_configurations", () => {
  let stack: TestStack;
  const set = (configurations: string, extra: Record<string, string> = {}) =>
    stack.call("set_provider_client_configurations", {
      service_name: "cpaneld",
      provider_id: "cpanelid",
      configurations,
      ...extra,
    });
  const secretsFile = () => readFile(process.env.SECRETS_FILE as string, "utf8").catch(() => "");

  before(async () => {
    stack = await startTestStack();
  });
  after(() => stack.stop());

  it("stores the client configuration in the secret store and answers OK", async () => {
    const { json } = await set('{"client_id":"victoria","client_secret":"topsecret-1"}');
    assert.deepEqual(json, {
      metadata: { version: 1, reason: "OK", result: 1, command: "set_provider_client_configurations" },
      data: {},
    });
    assert.deepEqual(JSON.parse(await secretsFile()).local.providers.cpanelid, {
      client_id: "victoria",
      client_secret: "topsecret-1",
    });
  });

  it("never writes the client secret to the table", async () => {
    await set('{"client_id":"victoria","client_secret":"topsecret-2"}');
    const { Items = [] } = await db().send(new ScanCommand({ TableName: tableName() }));
    assert.ok(!JSON.stringify(Items).includes("topsecret-2"));
  });

  const refusals: Array<[string, string, string]> = [
    ["invalid JSON", "{not json", "The “configurations” argument is not valid JSON."],
    ["a JSON list", '["client_id"]', "The parameter “hashref” must be a hashref."],
    [
      "a missing field",
      '{"client_id":"x"}',
      "The configuration is missing the required parameter key “client_secret”.",
    ],
    [
      "an empty field",
      '{"client_id":"x","client_secret":""}',
      "The configuration is missing the required parameter key “client_secret”.",
    ],
    [
      "an unknown field",
      '{"client_id":"x","client_secret":"y","colour":"red"}',
      "The configuration key “colour” is not a valid configuration field for the provider “cPanelID”.",
    ],
    [
      "a field that is not a string",
      '{"client_id":{"a":1},"client_secret":"y"}',
      "The value of “client_id” is not valid. Configuration field values are limited to strings.",
    ],
    [
      "an over-long value",
      JSON.stringify({ client_id: "x", client_secret: "y".repeat(1025) }),
      "The configuration element “client_secret” is larger than the allowed size of 1024.",
    ],
    [
      "a line break in a value",
      JSON.stringify({ client_id: "x\ny", client_secret: "y" }),
      "The configuration element “client_id” may not contain line terminators.",
    ],
  ];
  for (const [what, configurations, reason] of refusals) {
    it(`refuses ${what} and leaves the stored configuration as it was`, async () => {
      await set('{"client_id":"kept","client_secret":"kept-secret"}');
      const before = await secretsFile();
      const { json } = await set(configurations);
      assert.equal(json.metadata.result, 0);
      assert.match(json.metadata.reason, apiFailure(reason));
      assert.equal(await secretsFile(), before);
    });
  }

  it("refuses an unknown service before storing anything", async () => {
    const before = await secretsFile();
    const { json } = await set('{"client_id":"a","client_secret":"b"}', { service_name: "ftpd" });
    assert.match(
      json.metadata.reason,
      apiFailure("Currently, only “cpaneld”, “webmaild”, and “whostmgrd” can use External Authentication."),
    );
    assert.equal(await secretsFile(), before);
  });

  it("names the missing configurations parameter as WHM does", async () => {
    const { json } = await stack.call("set_provider_client_configurations", {
      service_name: "cpaneld",
      provider_id: "cpanelid",
    });
    assert.match(
      json.metadata.reason,
      apiFailure(
        "Provide the “configurations” parameter for the “Whostmgr::API::1::Authentication::set_provider_client_configurations” function.",
      ),
    );
  });
});
