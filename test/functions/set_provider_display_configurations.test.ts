import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { getProviderSettings } from "../../lambdas/stores/provider-settings.js";
import { apiFailure } from "../helpers/api-failure.js";
import { startTestStack, type TestStack } from "../helpers/local-stack.js";

describe("get_provider_display_configurations and set_provider_display_configurations", () => {
  let stack: TestStack;
  before(async () => {
    stack = await startTestStack();
  });
  after(() => stack.stop());

  const display = async () =>
    (await stack.call("get_provider_display_configurations", { provider_id: "cpanelid" })).json.data
      .configurations;

  it("returns the default display of each service", async () => {
    const configurations = await display();
    assert.deepEqual(
      configurations.map((c: { service: string }) => c.service),
      ["cpaneld", "webmaild", "whostmgrd"],
    );
    assert.equal(configurations[0].label, "Log in via cPanelID");
    assert.equal(configurations[0].color, "FF6C2C");
    assert.equal(configurations[0].link, "/openid_connect/cpanelid");
  });

  it("changes one service's button and keeps the other keys and services", async () => {
    const { json } = await stack.call("set_provider_display_configurations", {
      service_name: "whostmgrd",
      provider_id: "cpanelid",
      configurations: '{"label":"Sign in with cPanel","color":"00ff00"}',
    });
    assert.equal(json.metadata.result, 1, json.metadata.reason);
    const [cpaneld, , whostmgrd] = await display();
    assert.equal(whostmgrd.label, "Sign in with cPanel");
    assert.equal(whostmgrd.color, "00ff00");
    assert.equal(whostmgrd.textcolor, "FFFFFF");
    assert.equal(cpaneld.label, "Log in via cPanelID");
  });

  const refusals: Array<[string, string, string]> = [
    [
      "an unknown key",
      '{"font":"Comic Sans"}',
      "You can only update display configurations that already exist in the provider module, and the “cpanelid” provider does not contain the “font” display configuration parameter.",
    ],
    [
      "a color with #",
      '{"color":"#ff0000"}',
      "The display configuration parameter “color” requires a hex color code without a Number symbol (#). For example, FF0000 represents red.",
    ],
    ["invalid JSON", "{", "The “configurations” argument is not valid JSON."],
    ["a list", "[1]", "The parameter “configurations” must be a hashref."],
  ];
  for (const [what, configurations, reason] of refusals) {
    it(`refuses ${what} and changes nothing`, async () => {
      const before = await getProviderSettings("local", "cpanelid");
      const { json } = await stack.call("set_provider_display_configurations", {
        service_name: "cpaneld",
        provider_id: "cpanelid",
        configurations,
      });
      assert.equal(json.metadata.result, 0);
      assert.match(json.metadata.reason, apiFailure(reason));
      assert.deepEqual(await getProviderSettings("local", "cpanelid"), before);
    });
  }

  it("requires provider_id to read", async () => {
    const { json } = await stack.call("get_provider_display_configurations", {});
    assert.match(json.metadata.reason, /Provide the “provider_id” parameter/);
  });
});
