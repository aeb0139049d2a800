import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../../lambdas/stores/dynamo.js";
import { startTestStack, type TestStack } from "../helpers/local-stack.js";

describe("api_token_create", () => {
  let stack: TestStack;
  before(async () => {
    stack = await startTestStack();
  });
  after(() => stack.stop());

  const create = (params: Record<string, string>, token?: string) =>
    stack.call("api_token_create", params, { token });

  it("returns a new 32-character token once, which then authenticates, and stores only its hash", async () => {
    const { json } = await create({ token_name: "deploy-bot" });
    assert.equal(json.metadata.result, 1, json.metadata.reason);
    assert.match(json.data.token, /^[A-Z0-9]{32}$/);
    assert.equal(json.data.name, "deploy-bot");
    assert.equal("acls" in json.data, false, "a token made without ACLs has full access and no acls key");
    assert.equal(typeof json.data.create_time, "number");
    const works = await stack.call("get_available_authentication_providers", {}, { token: json.data.token });
    assert.equal(works.json.metadata.result, 1);
    const { Items = [] } = await db().send(new ScanCommand({ TableName: tableName() }));
    assert.ok(!JSON.stringify(Items).includes(json.data.token), "the plain token is not stored");
  });

  it("gives a token only the named ACLs; it cannot call a function that needs more", async () => {
    const { json } = await create({ token_name: "narrow", acl: "list-accts", "acl-1": "manage-api-tokens" });
    assert.deepEqual(json.data.acls, ["list-accts", "manage-api-tokens"]);
    const denied = await stack.call("get_available_authentication_providers", {}, { token: json.data.token });
    assert.equal(denied.json.metadata.result, 0);
    assert.match(denied.json.metadata.reason, /requires the “all” privilege/);
    const allowed = await stack.call("api_token_list", {}, { token: json.data.token });
    assert.equal(allowed.json.metadata.result, 1);
  });

  it("never lets a token grant more than its creator holds", async () => {
    const narrow = (await create({ token_name: "creator", acl: "manage-api-tokens" })).json.data.token;
    const { json } = await create(
      { token_name: "escalate", acl: "all", "acl-1": "manage-api-tokens" },
      narrow,
    );
    assert.equal(json.metadata.result, 0);
    assert.equal(
      json.metadata.reason,
      "The system failed to create the API token: Invalid or unauthorized ACL specified: all",
    );
    const inherited = await create({ token_name: "inherits" }, narrow);
    assert.equal(inherited.json.metadata.result, 1);
    const acting = await stack.call(
      "get_available_authentication_providers",
      {},
      { token: inherited.json.data.token },
    );
    assert.match(
      acting.json.metadata.reason,
      /requires the “all” privilege/,
      "full access means the creator's privileges",
    );
  });

  const refusals: Array<[string, Record<string, string>, string]> = [
    [
      "a missing name",
      {},
      "The system failed to create the API token: The parameter “token_name” is required.",
    ],
    [
      "an invalid name",
      { token_name: "bad name!" },
      "The system failed to create the API token: “bad name!” is not a valid API token name. An API token name must not be longer than 50 characters and may only contain the following characters: a-z A-Z 0-9 _ -",
    ],
    [
      "an expiry in the past",
      { token_name: "old", expires_at: "1000" },
      "The system failed to create the API token: The “1000” value must be a future date.",
    ],
    [
      "a duplicate name",
      { token_name: "deploy-bot" },
      "The system failed to create the API token: A conflicting API token with the name “deploy-bot” already exists.",
    ],
    [
      "an expiry that is not a number",
      { token_name: "later", expires_at: "abc" },
      "The system failed to create the API token: “abc” is not a valid UNIX epoch timestamp.",
    ],
    [
      "an ACL WHM does not know",
      { token_name: "odd", acl: "foo-bar" },
      "The system failed to create the API token: Invalid or unauthorized ACL specified: foo-bar",
    ],
    [
      "several bad ACLs, named in the order given",
      { token_name: "odd", acl: "zzz", "acl-1": "list-accts", "acl-2": "aaa", "acl-3": "yyy" },
      "The system failed to create the API token: Invalid or unauthorized ACLs specified: zzz, aaa, and yyy",
    ],
    [
      "an address that is not an IP or CIDR range",
      { token_name: "net", whitelist_ip: "192.0.2.1/24" },
      "The system failed to create the API token: Invalid IP address or CIDR range specified: 192.0.2.1/24",
    ],
  ];
  for (const [what, params, reason] of refusals) {
    it(`refuses ${what}`, async () => {
      const { json } = await create(params);
      assert.equal(json.metadata.result, 0);
      assert.equal(json.metadata.reason, reason);
      assert.deepEqual(json.data, {}, "WHM still answers an empty data object");
    });
  }

  it("a token past its expires_at stops working", async () => {
    const soon = Math.floor(Date.now() / 1000) + 2;
    const { json } = await create({ token_name: "short-lived", expires_at: String(soon) });
    assert.equal(json.data.expires_at, soon);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const late = await stack.call("api_token_list", {}, { token: json.data.token });
    assert.equal(late.status, 403);
  });

  it("keeps named ACLs sorted and without repeats", async () => {
    const { json } = await create({
      token_name: "sorted",
      acl: "manage-api-tokens",
      "acl-1": "list-accts",
      "acl-2": "list-accts",
    });
    assert.deepEqual(json.data.acls, ["list-accts", "manage-api-tokens"]);
  });

  it("limits a token to its whitelist_ip addresses, normalized as WHM stores them", async () => {
    const here = await create({
      token_name: "here",
      whitelist_ip: "127.0.0.1/32",
      "whitelist_ip-1": "127.0.0.0/8",
    });
    assert.deepEqual(here.json.data.whitelist_ips, ["127.0.0.0/8", "127.0.0.1"]);
    assert.equal((await stack.call("api_token_list", {}, { token: here.json.data.token })).status, 200);
    const elsewhere = await create({ token_name: "elsewhere", whitelist_ip: "192.0.2.0/24" });
    assert.equal((await stack.call("api_token_list", {}, { token: elsewhere.json.data.token })).status, 403);
    const cleared = await stack.call("api_token_update", { token_name: "elsewhere", whitelist_ip: "any" });
    assert.equal(cleared.json.metadata.result, 1, cleared.json.metadata.reason);
    assert.equal("whitelist_ips" in cleared.json.data, false);
    assert.equal((await stack.call("api_token_list", {}, { token: elsewhere.json.data.token })).status, 200);
  });
});
