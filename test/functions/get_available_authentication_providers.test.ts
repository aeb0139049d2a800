import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { XMLParser } from "fast-xml-parser";
import { startTestStack, type TestStack } from "../helpers/local-stack.js";

describe("get_available_authentication_providers", () => {
  let stack: TestStack;
  before(async () => {
    stack = await startTestStack();
  });
  after(() => stack.stop());

  it("lists every built-in provider with its display, links per service, configured and enabled flags", async () => {
    const { json } = await stack.call("get_available_authentication_providers");
    assert.equal(json.metadata.result, 1);
    const ids = json.data.providers.map((p: { id: string }) => p.id);
    assert.deepEqual(ids, ["amazon", "cpanelid", "facebook", "google", "paypal", "slack", "whmcs"]);
    const google = json.data.providers.find((p: { id: string }) => p.id === "google");
    assert.deepEqual(
      { ...google, icon: google.icon.slice(0, 10) },
      {
        label: "Log in via Google",
        color: "dd4b39",
        textcolor: "FFFFFF",
        icon: "PHN2ZyB4bW",
        icon_type: "image/svg+xml",
        display_name: "Google",
        provider_name: "google",
        documentation_url: "https://developers.google.com/identity/protocols/OpenIDConnect",
        id: "google",
        configured: 0,
        cpaneld_link: "/openid_connect/google",
        cpaneld_enabled: 0,
        whostmgrd_link: "/openid_connect/google",
        whostmgrd_enabled: 0,
        webmaild_link: "/openid_connect/google",
        webmaild_enabled: 0,
      },
    );
  });

  it("reflects configuration and enabling", async () => {
    await stack.call("set_provider_client_configurations", {
      service_name: "cpaneld",
      provider_id: "google",
      configurations: '{"client_id":"a","client_secret":"b"}',
    });
    await stack.call("enable_authentication_provider", { service_name: "webmaild", provider_id: "google" });
    const { json } = await stack.call("get_available_authentication_providers");
    const google = json.data.providers.find((p: { id: string }) => p.id === "google");
    assert.equal(google.configured, 1);
    assert.equal(google.webmaild_enabled, 1);
    assert.equal(google.cpaneld_enabled, 0);
  });

  it("applies the output options to the provider list (columns first, as WHM does)", async () => {
    const { json } = await stack.call("get_available_authentication_providers", {
      "api.filter.enable": "1",
      "api.filter.a.field": "id",
      "api.filter.a.arg0": "o",
      "api.sort.enable": "1",
      "api.sort.a.field": "id",
      "api.sort.a.reverse": "1",
      "api.columns.enable": "1",
      "api.columns.a": "id",
      "api.chunk.enable": "1",
      "api.chunk.size": "1",
    });
    assert.deepEqual(json.data.providers, [{ id: "google" }]);
    assert.deepEqual(json.metadata.chunk, { start: 1, size: 1, records: 3, current: 1, chunks: 3 });
  });

  it("filters on a column that api.columns removed find nothing, as in WHM", async () => {
    const { json } = await stack.call("get_available_authentication_providers", {
      "api.columns.enable": "1",
      "api.columns.a": "id",
      "api.filter.enable": "1",
      "api.filter.a.field": "display_name",
      "api.filter.a.arg0": "o",
    });
    assert.deepEqual(json.data.providers, []);
  });

  it("renders the list as repeated <providers> elements in XML", async () => {
    const { text } = await stack.call("get_available_authentication_providers", {}, { format: "xml" });
    const parsed = new XMLParser({ parseTagValue: false }).parse(text);
    assert.equal(parsed.result.data.providers.length, 7);
    assert.equal(parsed.result.data.providers[0].id, "amazon");
  });
});
