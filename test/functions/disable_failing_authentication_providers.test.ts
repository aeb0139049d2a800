import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { after, before, describe, it } from "node:test";
import { getProviderSettings } from "../../lambdas/stores/provider-settings.js";
import { freePort } from "../../local/free-port.js";
import { startTestStack, type TestStack } from "../helpers/local-stack.js";

describe("disable_failing_authentication_providers", () => {
  let stack: TestStack;
  let broken: Server;
  let brokenUrl: string;
  before(async () => {
    process.env.PROVIDER_CHECK_TIMEOUT_MS = "2000";
    stack = await startTestStack();
    const port = await freePort();
    broken = createServer((_req, res) =>
      res.writeHead(200, { "content-type": "application/json" }).end("{ not json"),
    );
    await new Promise<void>((resolve) => broken.listen(port, "127.0.0.1", resolve));
    brokenUrl = `http://127.0.0.1:${port}/.well-known/openid-configuration`;
  });
  after(async () => {
    broken.close();
    await stack.stop();
  });

  const enableWhmcs = async (discoveryUrl: string) => {
    const set = await stack.call("set_provider_client_configurations", {
      service_name: "cpaneld",
      provider_id: "whmcs",
      configurations: JSON.stringify({
        client_id: "id",
        client_secret: "secret",
        well_known_config_uri: discoveryUrl,
      }),
    });
    assert.equal(set.json.metadata.result, 1, set.json.metadata.reason);
    for (const service_name of ["cpaneld", "webmaild"]) {
      const enabled = await stack.call("enable_authentication_provider", {
        service_name,
        provider_id: "whmcs",
      });
      assert.equal(enabled.json.metadata.result, 1);
    }
  };
  const run = () => stack.call("disable_failing_authentication_providers");

  it("keeps a provider whose discovery document is served by a real OpenID provider", async () => {
    await enableWhmcs(`${stack.portal.issuer}/.well-known/openid-configuration`);
    const { json } = await run();
    assert.deepEqual(json.data, { payload: [] });
    assert.deepEqual((await getProviderSettings("local", "whmcs")).enabled, {
      cpaneld: true,
      webmaild: true,
    });
  });

  it("disables and reports a provider whose discovery document is broken", async () => {
    await enableWhmcs(brokenUrl);
    const { json } = await run();
    assert.deepEqual(json.data.payload, [
      {
        provider_name: "whmcs",
        provider_namespace: "Cpanel::Security::Authn::Provider::WHMCS",
        provider_failure: `The discovery document at “${brokenUrl}” is not JSON.`,
        disabled_services: ["cpaneld", "webmaild"],
        failures_to_disable: [],
      },
    ]);
    assert.deepEqual((await getProviderSettings("local", "whmcs")).enabled, {
      cpaneld: false,
      webmaild: false,
    });
  });

  it("disables a provider whose OpenID provider is down", async () => {
    const down = `http://127.0.0.1:${await freePort()}/.well-known/openid-configuration`;
    await enableWhmcs(down);
    const { json } = await run();
    assert.equal(
      json.data.payload[0].provider_failure,
      `The discovery document at “${down}” could not be fetched.`,
    );
  });

  it("reports nothing when no provider is enabled", async () => {
    const { json } = await run();
    assert.deepEqual(json.data, { payload: [] });
  });
});
