import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { getProviderSettings } from "../../lambdas/stores/provider-settings.js";
import { apiFailure } from "../helpers/api-failure.js";
import { startTestStack, type TestStack } from "../helpers/local-stack.js";

describe("enable_authentication_provider and disable_authentication_provider", () => {
  let stack: TestStack;
  before(async () => {
    stack = await startTestStack();
  });
  after(() => stack.stop());

  it("refuses to enable a provider that is not configured, and stores nothing", async () => {
    const { json } = await stack.call("enable_authentication_provider", {
      service_name: "cpaneld",
      provider_id: "google",
    });
    assert.equal(json.metadata.result, 0);
    assert.equal(
      json.metadata.reason,
      "The provider “Google” is not configured. Set its client configuration with set_provider_client_configurations first.",
    );
    assert.deepEqual((await getProviderSettings("local", "google")).enabled, {});
  });

  it("enables a configured provider on one service and disables it again", async () => {
    await stack.call("set_provider_client_configurations", {
      service_name: "cpaneld",
      provider_id: "google",
      configurations: '{"client_id":"a","client_secret":"b"}',
    });
    const enabled = await stack.call("enable_authentication_provider", {
      service_name: "whostmgrd",
      provider_id: "google",
    });
    assert.deepEqual(enabled.json, {
      metadata: { version: 1, reason: "OK", result: 1, command: "enable_authentication_provider" },
    });
    assert.deepEqual((await getProviderSettings("local", "google")).enabled, { whostmgrd: true });
    const disabled = await stack.call("disable_authentication_provider", {
      service_name: "whostmgrd",
      provider_id: "google",
    });
    assert.equal(disabled.json.metadata.result, 1);
    assert.deepEqual((await getProviderSettings("local", "google")).enabled, { whostmgrd: false });
  });

  it("refuses an unknown service or provider on both", async () => {
    for (const fn of ["enable_authentication_provider", "disable_authentication_provider"]) {
      const service = await stack.call(fn, { service_name: "sshd", provider_id: "google" });
      assert.match(
        service.json.metadata.reason,
        /^API failure: \(XID [a-z2-9]{6}\) Currently, only “cpaneld”/,
      );
      const provider = await stack.call(fn, { service_name: "cpaneld", provider_id: "nope" });
      assert.match(provider.json.metadata.reason, apiFailure("The requested provider “nope” is not valid."));
      const missing = await stack.call(fn, { provider_id: "google" });
      assert.match(missing.json.metadata.reason, /Provide the “service_name” parameter/);
    }
  });
});
