import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { XMLParser } from "fast-xml-parser";
import { apiFailure } from "../helpers/api-failure.js";
import { startTestStack, type TestStack } from "../helpers/local-stack.js";

const SEED_URIS = [
  "https://localhost:2083/openid_connect_callback/cpanelid",
  "https://localhost:2087/openid_connect_callback/cpanelid",
  "https://localhost:2096/openid_connect_callback/cpanelid",
];

describe("get_provider_client_configurations", () => {
  let stack: TestStack;
  before(async () => {
    stack = await startTestStack();
  });
  after(() => stack.stop());

  it("returns the default redirect URIs of the tenant's hostname when nothing is configured (JSON)", async () => {
    const { status, json } = await stack.call("get_provider_client_configurations", {
      "api.version": "1",
      provider_id: "cpanelid",
      service_name: "cpaneld",
    });
    assert.equal(status, 200);
    assert.deepEqual(json, {
      metadata: { version: 1, reason: "OK", result: 1, command: "get_provider_client_configurations" },
      data: { client_configurations: { redirect_uris: SEED_URIS } },
    });
  });

  it("renders the same answer as XML with redirect_uris repeated", async () => {
    const { status, text } = await stack.call(
      "get_provider_client_configurations",
      { "api.version": "1", provider_id: "cpanelid", service_name: "cpaneld" },
      { format: "xml" },
    );
    assert.equal(status, 200);
    const parsed = new XMLParser({ parseTagValue: false }).parse(text);
    assert.deepEqual(parsed.result, {
      data: { client_configurations: { redirect_uris: SEED_URIS } },
      metadata: { version: "1", reason: "OK", result: "1", command: "get_provider_client_configurations" },
    });
    assert.ok(text.indexOf("<data>") < text.indexOf("<metadata>"), "data precedes metadata as in WHM");
  });

  it("returns the stored client configuration with the redirect URIs once one is set", async () => {
    const set = await stack.call("set_provider_client_configurations", {
      provider_id: "cpanelid",
      service_name: "whostmgrd",
      configurations: JSON.stringify({ client_id: "victoria", client_secret: "s3cr3t-value" }),
    });
    assert.equal(set.json.metadata.result, 1, set.json.metadata.reason);
    const { json } = await stack.call("get_provider_client_configurations", {
      provider_id: "cpanelid",
      service_name: "cpaneld",
    });
    assert.deepEqual(json.data.client_configurations, {
      client_id: "victoria",
      client_secret: "s3cr3t-value",
      redirect_uris: SEED_URIS,
    });
  });

  it("refuses a missing provider_id with the reference text", async () => {
    const { json } = await stack.call("get_provider_client_configurations", { service_name: "cpaneld" });
    assert.equal(json.metadata.result, 0);
    assert.match(
      json.metadata.reason,
      apiFailure(
        "Provide the “provider_id” parameter for the “Whostmgr::API::1::Authentication::get_provider_client_configurations” function.",
      ),
    );
    assert.equal(json.data, undefined);
  });

  it("refuses an unknown service_name listing the allowed services", async () => {
    const { json } = await stack.call("get_provider_client_configurations", {
      provider_id: "cpanelid",
      service_name: "ftpd",
    });
    assert.equal(json.metadata.result, 0);
    assert.match(
      json.metadata.reason,
      apiFailure("Currently, only “cpaneld”, “webmaild”, and “whostmgrd” can use External Authentication."),
    );
  });

  it("refuses an unknown provider", async () => {
    const { json } = await stack.call("get_provider_client_configurations", {
      provider_id: "myspace",
      service_name: "cpaneld",
    });
    assert.match(json.metadata.reason, apiFailure("The requested provider “myspace” is not valid."));
  });

  it("answers the same to a form POST as to a GET", async () => {
    const params = { provider_id: "cpanelid", service_name: "webmaild" };
    const get = await stack.call("get_provider_client_configurations", params);
    const post = await stack.call("get_provider_client_configurations", params, { method: "POST" });
    assert.deepEqual(post.json, get.json);
  });

  it("works under a /cpsessNNNNNNNNNN/ prefix for a token caller", async () => {
    const { json } = await stack.call(
      "get_provider_client_configurations",
      { provider_id: "cpanelid", service_name: "cpaneld" },
      { prefix: "/cpsess0123456789" },
    );
    assert.equal(json.metadata.result, 1);
  });

  it("reports service_name missing before provider_id, in the order Authentication.pm fetches them", async () => {
    const { json } = await stack.call("get_provider_client_configurations", {});
    assert.match(
      json.metadata.reason,
      apiFailure(
        "Provide the “service_name” parameter for the “Whostmgr::API::1::Authentication::get_provider_client_configurations” function.",
      ),
    );
  });
});
