import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createToken } from "../../lambdas/stores/tokens.js";
import { startTestStack, type TestStack } from "../helpers/local-stack.js";
import { listacctsRow, seedDirectory } from "../helpers/whm-accounts.js";

describe("listaccts and accountsummary over the tenant's directory", () => {
  let stack: TestStack;
  let res1: string;
  before(async () => {
    stack = await startTestStack();
    await seedDirectory("local");
    res1 = (await createToken({ tenant: "local", user: "res1", name: "r", acls: ["list-accts"] })).token;
  });
  after(() => stack.stop());

  const users = (json: Record<string, any>) => (json.data?.acct ?? []).map((a: { user: string }) => a.user);

  it("lists every account for root, each exactly as its server's listaccts printed it", async () => {
    const { json } = await stack.call("listaccts");
    assert.equal(json.metadata.result, 1);
    assert.deepEqual(users(json), ["bob", "carol", "dave", "erin", "res1", "res2"]);
    assert.deepEqual(json.data.acct[0], listacctsRow("bob", { owner: "res1", plan: "gold" }));
  });

  it("shows a reseller only the accounts it owns", async () => {
    const { json } = await stack.call("listaccts", {}, { token: res1, user: "res1" });
    assert.deepEqual(users(json), ["bob", "carol"]);
  });

  it("searches by each type, as a case-insensitive regular expression or exactly", async () => {
    const search = async (params: Record<string, string>) =>
      users((await stack.call("listaccts", params)).json);
    assert.deepEqual(await search({ searchtype: "user", search: "^[bc]" }), ["bob", "carol"]);
    assert.deepEqual(await search({ searchtype: "domain", search: "DAVE" }), ["dave"]);
    assert.deepEqual(await search({ searchtype: "owner", search: "res1", searchmethod: "exact" }), [
      "bob",
      "carol",
    ]);
    assert.deepEqual(await search({ searchtype: "ip", search: "192.0.2.20", searchmethod: "exact" }), [
      "carol",
    ]);
    assert.deepEqual(await search({ searchtype: "package", search: "gold" }), ["bob"]);
    assert.deepEqual(await search({ searchtype: "domain_and_user", search: "erin" }), ["erin"]);
    assert.deepEqual(await search({ searchtype: "user", search: "(" }), [
      "bob",
      "carol",
      "dave",
      "erin",
      "res1",
      "res2",
    ]);
  });

  it("returns only the wanted fields", async () => {
    const { json } = await stack.call("listaccts", {
      searchtype: "user",
      search: "bob",
      want: "user,owner,nope",
    });
    assert.deepEqual(json.data.acct, [{ user: "bob", owner: "res1", nope: null }]);
  });

  it("answers WHM's texts for an unknown search type and a missing exact user", async () => {
    assert.equal(
      (await stack.call("listaccts", { searchtype: "color" })).json.metadata.reason,
      "Unknown search type.",
    );
    const missing = await stack.call("listaccts", {
      searchtype: "user",
      searchmethod: "exact",
      search: "zed",
    });
    assert.equal(missing.json.metadata.reason, "No accounts found.");
  });

  it("answers result 1 without data when a search finds nothing", async () => {
    const { json } = await stack.call("listaccts", { searchtype: "user", search: "zzz" });
    assert.equal(json.metadata.result, 1);
    assert.equal(json.data, undefined);
  });

  it("honours api.chunk and api.sort like WHM's list functions", async () => {
    const { json } = await stack.call("listaccts", {
      "api.sort.enable": "1",
      "api.sort.a.field": "user",
      "api.sort.a.reverse": "1",
      "api.chunk.enable": "1",
      "api.chunk.size": "2",
    });
    assert.deepEqual(users(json), ["res2", "res1"]);
    assert.deepEqual(json.metadata.chunk, { start: 1, size: 2, records: 6, current: 1, chunks: 3 });
  });

  it("accountsummary finds one account by user or by domain, within the caller's view", async () => {
    assert.deepEqual(users((await stack.call("accountsummary", { user: "dave" })).json), ["dave"]);
    assert.deepEqual(users((await stack.call("accountsummary", { domain: "carol.example" })).json), [
      "carol",
    ]);
    const hidden = await stack.call("accountsummary", { user: "dave" }, { token: res1, user: "res1" });
    assert.equal(hidden.json.metadata.reason, "Account does not exist.");
  });

  it("accountsummary without user or domain fails as WHM's plain die does", async () => {
    const { json } = await stack.call("accountsummary");
    assert.equal(
      json.metadata.reason,
      "API failure: You must specify a user or domain to get a summary of.\n",
    );
  });

  it("answers API 0's shape without api.version, as WHM's dispatcher does (Whostmgr/XMLUI)", async () => {
    const { json } = await stack.call(
      "listaccts",
      { search: "^bob$", searchtype: "user" },
      { version: null },
    );
    assert.deepEqual(json, {
      acct: [listacctsRow("bob", { owner: "res1", plan: "gold" })],
      status: 1,
      statusmsg: "Ok",
    });
    const xml = await stack.call(
      "listaccts",
      { search: "^bob$", searchtype: "user" },
      { version: null, format: "xml" },
    );
    assert.match(
      xml.text,
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<listaccts><acct><.*<\/acct><status>1<\/status><statusmsg>Ok<\/statusmsg><\/listaccts>$/s,
    );
  });

  it("answers accountsummary's API 0 texts without api.version", async () => {
    const missing = await stack.call("accountsummary", { user: "nobody" }, { version: null });
    assert.deepEqual(missing.json, { acct: [], status: 0, statusmsg: "Account does not exist" });
    const none = await stack.call("accountsummary", {}, { version: null });
    assert.deepEqual(none.json, {
      acct: null,
      status: 0,
      statusmsg: "You must specify a user or domain to get a summary of",
    });
    const found = await stack.call("accountsummary", { user: "dave" }, { version: null });
    assert.equal(found.json.statusmsg, "Ok");
    assert.equal(found.json.acct[0].user, "dave");
  });
});
