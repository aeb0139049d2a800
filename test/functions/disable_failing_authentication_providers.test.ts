import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { getProviderSettings, setEnabled } from "../../lambdas/stores/provider-settings.js";
import { startTestStack, type TestStack } from "../helpers/local-stack.js";
import { enableGoogle } from "../helpers/providers.js";

describe("disable_failing_authentication_providers", () => {
  let stack: TestStack;
  before(async () => {
    stack = await startTestStack();
  });
  after(() => stack.stop());

  const run = () => stack.call("disable_failing_authentication_providers");

  it("reports nothing when no provider is enabled", async () => {
    const { json } = await run();
    assert.deepEqual(json, {
      metadata: { version: 1, reason: "OK", result: 1, command: "disable_failing_authentication_providers" },
      data: { payload: [] },
    });
  });

  it("keeps every built-in provider, whose module always loads (no network check, as WHM)", async () => {
    await enableGoogle(stack);
    assert.deepEqual((await run()).json.data.payload, []);
    assert.equal((await getProviderSettings("local", "google")).enabled.cpaneld, true);
  });

  it("disables and reports an enabled provider the registry no longer has, on every service", async () => {
    // A provider enabled before a release removed it from the registry.
    await setEnabled("local", "orkut", "cpaneld", true);
    await setEnabled("local", "orkut", "webmaild", true);
    const { json } = await run();
    assert.equal(json.data.payload.length, 1);
    const [report] = json.data.payload;
    assert.equal(report.provider_name, "orkut");
    assert.equal(report.provider_namespace, "Cpanel::Security::Authn::Provider::orkut");
    assert.match(
      report.provider_failure,
      /^\(XID [a-z2-9]{6}\) The system cannot load the OpenID Connect provider module “Cpanel::Security::Authn::Provider::orkut”\.$/,
    );
    assert.deepEqual(report.disabled_services, ["cpaneld", "webmaild"]);
    assert.deepEqual(report.failures_to_disable, []);
    assert.deepEqual((await getProviderSettings("local", "orkut")).enabled, {
      cpaneld: false,
      webmaild: false,
    });
    assert.deepEqual((await run()).json.data.payload, [], "a second run finds nothing left to disable");
  });
});
