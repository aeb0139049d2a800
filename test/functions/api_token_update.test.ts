import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { SERVICE_ACLS, WHM_ACLS } from "../../lambdas/tokens/whm-acls.js";
import { startTestStack, type TestStack } from "../helpers/local-stack.js";

describe("api_token_list, api_token_get_details, api_token_update and api_token_revoke", () => {
  let stack: TestStack;
  let token: string;
  before(async () => {
    stack = await startTestStack();
    token = (await stack.call("api_token_create", { token_name: "ci", acl: "manage-api-tokens" })).json.data
      .token;
  });
  after(() => stack.stop());

  it("lists the caller's tokens by name without their values", async () => {
    const { json } = await stack.call("api_token_list");
    assert.deepEqual(Object.keys(json.data.tokens).sort(), ["ci", "root"]);
    const table = json.data.tokens.ci.acls;
    assert.deepEqual(
      Object.keys(table),
      [...WHM_ACLS, ...SERVICE_ACLS].sort(),
      "root's table names every ACL",
    );
    assert.equal(table["manage-api-tokens"], 1);
    assert.equal(table["list-accts"], 0);
    assert.ok(
      Object.values(json.data.tokens.root.acls).every((value) => value === 1),
      "a full-access token holds all",
    );
    assert.deepEqual(Object.keys(json.data.tokens.ci).sort(), ["acls", "create_time", "name"]);
    assert.ok(!JSON.stringify(json).includes(token));
  });

  it("describes a token given its value, and nothing for an unknown one", async () => {
    const { json } = await stack.call("api_token_get_details", { token });
    assert.deepEqual(json.data, {
      name: "ci",
      create_time: json.data.create_time,
      acls: ["manage-api-tokens"],
    });
    const unknown = await stack.call("api_token_get_details", { token: "NOTATOKEN" });
    assert.equal(unknown.json.metadata.result, 1);
    assert.equal(unknown.json.data, undefined);
  });

  it("renames a token; the same value keeps working under the new name", async () => {
    const { json } = await stack.call("api_token_update", { token_name: "ci", new_name: "ci-2" });
    assert.equal(json.metadata.result, 1, json.metadata.reason);
    assert.equal(json.data.name, "ci-2");
    assert.equal("old_name" in json.data, false);
    const details = await stack.call("api_token_get_details", { token });
    assert.equal(details.json.data.name, "ci-2");
    assert.deepEqual(Object.keys((await stack.call("api_token_list")).json.data.tokens).sort(), [
      "ci-2",
      "root",
    ]);
  });

  it("changes ACLs, which take effect on the next call", async () => {
    await stack.call("api_token_update", { token_name: "ci-2", acl: "list-accts" });
    const denied = await stack.call("api_token_list", {}, { token });
    assert.match(denied.json.metadata.reason, /requires the “manage-api-tokens” privilege/);
  });

  it("refuses an update that changes nothing, an unknown token and a taken name", async () => {
    const nothing = await stack.call("api_token_update", { token_name: "ci-2" });
    assert.equal(
      nothing.json.metadata.reason,
      "The system failed to update the API token: Specify a new name, updated ACLs, or IPs.",
    );
    const unknown = await stack.call("api_token_update", { token_name: "nope", new_name: "x" });
    assert.equal(
      unknown.json.metadata.reason,
      "The system failed to update the API token: The API token “nope” does not exist.",
    );
    const taken = await stack.call("api_token_update", { token_name: "ci-2", new_name: "root" });
    assert.equal(
      taken.json.metadata.reason,
      "The system failed to update the API token: An API token with the name “root” already exists.",
    );
  });

  it("revokes tokens by name; a revoked token is refused", async () => {
    const extra = (await stack.call("api_token_create", { token_name: "extra" })).json.data.token;
    const { json } = await stack.call("api_token_revoke", {
      token_name: "ci-2",
      "token_name-1": "extra",
      "token_name-2": "ghost",
    });
    assert.deepEqual(json, {
      metadata: { version: 1, reason: "OK", result: 1, command: "api_token_revoke" },
      data: {},
    });
    assert.equal((await stack.call("api_token_list", {}, { token })).status, 403);
    assert.equal((await stack.call("api_token_list", {}, { token: extra })).status, 403);
    const missing = await stack.call("api_token_revoke", {});
    assert.equal(
      missing.json.metadata.reason,
      "The system failed to revoke the API token: Provide at least one “token_name” argument.",
    );
  });
});
