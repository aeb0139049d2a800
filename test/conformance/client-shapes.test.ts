import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { XMLParser } from "fast-xml-parser";
import { startTestStack, type TestStack } from "../helpers/local-stack.js";
import { seedDirectory } from "../helpers/whm-accounts.js";

/**
 * The request shapes of widely used WHM API 1 clients, as their documentation and published code
 * describe them (no third-party code here): header case, GET or POST, arguments in the query or
 * the body, body types, their `api.*` argument styles, and `/xml-api/`.
 */
describe("requests shaped as third-party WHM clients send them", () => {
  let stack: TestStack;
  before(async () => {
    stack = await startTestStack();
    await seedDirectory("local");
  });
  after(() => stack.stop());

  const send = async (
    path: string,
    init: { method?: string; headers?: Record<string, string>; body?: string | FormData } = {},
  ) => {
    const response = await fetch(`${stack.url}${path}`, init);
    return { status: response.status, text: await response.text() };
  };
  const users = (text: string) =>
    (JSON.parse(text).data?.acct ?? []).map((account: { user: string }) => account.user);

  it("@cpanel/api: GET with the arguments and api.* options in the query, lower-case scheme", async () => {
    const query = new URLSearchParams({
      "api.version": "1",
      searchtype: "owner",
      search: "res1",
      "api.sort.enable": "1",
      "api.sort.a.field": "user",
      "api.sort.a.method": "lexicographic",
      "api.sort.a.reverse": "1",
      "api.chunk.enable": "1",
      "api.chunk.start": "1",
      "api.chunk.size": "1",
      "api.columns.enable": "1",
      "api.columns.a": "user",
    });
    const { status, text } = await send(`/json-api/listaccts?${query}`, {
      headers: { Authorization: `whm root:${stack.rootToken}` },
    });
    assert.equal(status, 200);
    assert.deepEqual(JSON.parse(text).data.acct, [{ user: "carol" }]);
    assert.deepEqual(JSON.parse(text).metadata.chunk, {
      start: 1,
      size: 1,
      records: 2,
      current: 1,
      chunks: 2,
    });
  });

  it("@cpanel/api: POST with an application/x-www-form-urlencoded body", async () => {
    const { text } = await send("/json-api/listaccts", {
      method: "POST",
      headers: {
        Authorization: `whm root:${stack.rootToken}`,
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: "api.version=1&searchtype=user&search=dave&searchmethod=exact",
    });
    assert.deepEqual(users(text), ["dave"]);
  });

  it("gufy/cpanel-php: POST with the arguments in the query, no body, upper-case WHM scheme, no api.version: API 0's answer, as WHM gives it", async () => {
    const { status, text } = await send("/json-api/listaccts?searchtype=user&search=bob", {
      method: "POST",
      headers: { Authorization: `WHM root:${stack.rootToken}` },
    });
    assert.equal(status, 200);
    const answer = JSON.parse(text);
    assert.equal(answer.status, 1);
    assert.deepEqual(
      answer.acct.map((account: { user: string }) => account.user),
      ["bob"],
    );
  });

  it("cpanelgo: GET with api.version=1 in the query and a capitalised header name", async () => {
    const { text } = await send(
      "/json-api/get_provider_client_configurations?api.version=1&provider_id=cpanelid&service_name=cpaneld",
      { headers: { AUTHORIZATION: `WHM root:${stack.rootToken}` } },
    );
    assert.equal(JSON.parse(text).metadata.result, 1);
  });

  it("cPanel::PublicAPI: POST form data sent as application/octet-stream, answered in XML under /xml-api/", async () => {
    const { text } = await send("/xml-api/accountsummary", {
      method: "POST",
      headers: { Authorization: `whm root:${stack.rootToken}`, "Content-Type": "application/octet-stream" },
      body: "api.version=1&user=erin",
    });
    const parsed = new XMLParser().parse(text).result;
    assert.equal(parsed.metadata.result, 1);
    assert.equal(parsed.data.acct.user, "erin");
  });

  it("clients posting multipart/form-data", async () => {
    const body = new FormData();
    body.append("api.version", "1");
    body.append("searchtype", "domain");
    body.append("search", "carol.example");
    const { text } = await send("/json-api/listaccts", {
      method: "POST",
      headers: { Authorization: `whm root:${stack.rootToken}` },
      body,
    });
    assert.deepEqual(users(text), ["carol"]);
  });

  it("clients posting an application/json body", async () => {
    const { text } = await send("/json-api/set_provider_display_configurations", {
      method: "POST",
      headers: { Authorization: `whm root:${stack.rootToken}`, "Content-Type": "application/json" },
      body: JSON.stringify({
        "api.version": 1,
        service_name: "cpaneld",
        provider_id: "google",
        configurations: { label: "Sign in with Google" },
      }),
    });
    assert.equal(JSON.parse(text).metadata.result, 1, text);
  });

  it("query string and body together, the query's value first as cpsrvd combines them", async () => {
    const { text } = await send("/json-api/listaccts?searchtype=user", {
      method: "POST",
      headers: { Authorization: `whm root:${stack.rootToken}`, "Content-Type": "text/plain" },
      body: "api.version=1&search=erin&searchtype=domain",
    });
    assert.deepEqual(users(text), ["erin"]);
  });
});
