import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { apiFailure } from "../helpers/api-failure.js";
import { startTestStack, type TestStack } from "../helpers/local-stack.js";

describe("get_provider_configuration_fields", () => {
  let stack: TestStack;
  before(async () => {
    stack = await startTestStack();
  });
  after(() => stack.stop());

  it("lists the provider's fields with labels, descriptions, order and current values", async () => {
    await stack.call("set_provider_client_configurations", {
      service_name: "cpaneld",
      provider_id: "facebook",
      configurations: '{"client_id":"app-1","client_secret":"shh"}',
    });
    const { json } = await stack.call("get_provider_configuration_fields", {
      service_name: "cpaneld",
      provider_id: "facebook",
    });
    assert.deepEqual(json.data.configuration_fields, [
      {
        field_id: "client_id",
        label: "App ID",
        description: "The ID of the Facebook Application",
        value: "app-1",
        display_order: 0,
      },
      {
        field_id: "client_secret",
        label: "App Secret",
        description: "The Secret of the Facebook Application",
        value: "shh",
        display_order: 1,
      },
    ]);
  });

  it("gives null values for a provider not configured yet, and WHMCS's extra field", async () => {
    const { json } = await stack.call("get_provider_configuration_fields", {
      service_name: "whostmgrd",
      provider_id: "whmcs",
    });
    assert.deepEqual(
      json.data.configuration_fields.map((f: { field_id: string; value: unknown }) => [f.field_id, f.value]),
      [
        ["client_id", null],
        ["client_secret", null],
        ["well_known_config_uri", null],
      ],
    );
  });

  it("refuses an unknown provider", async () => {
    const { json } = await stack.call("get_provider_configuration_fields", {
      service_name: "cpaneld",
      provider_id: "x",
    });
    assert.match(json.metadata.reason, apiFailure("The requested provider “x” is not valid."));
  });
});
