import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startTestStack, type TestStack } from "../helpers/local-stack.js";

describe("wp_dashboard_create_api_token", () => {
  let stack: TestStack;
  before(async () => {
    stack = await startTestStack();
  });
  after(() => stack.stop());

  it("creates a token holding only the privileges named, usable at once", async () => {
    const { json } = await stack.call("wp_dashboard_create_api_token", {
      token_name: "dashboard",
      acl: "list-accts",
      "acl-1": "create-user-session",
    });
    assert.equal(json.metadata.result, 1);
    assert.match(json.data.token, /^[A-Z0-9]{32}$/);
    assert.deepEqual(json.data.acls, ["create-user-session", "list-accts"]);
    const listed = await stack.call("listaccts", {}, { token: json.data.token });
    assert.equal(listed.json.metadata.result, 1);
    const refused = await stack.call("api_token_list", {}, { token: json.data.token });
    assert.match(refused.json.metadata.reason, /manage-api-tokens/);
  });

  it("refuses a token without named privileges (no full-access token)", async () => {
    const { json } = await stack.call("wp_dashboard_create_api_token", { token_name: "no-acls" });
    assert.equal(
      json.metadata.reason,
      "The system failed to create the API token: The parameter “acl” is required.",
    );
  });

  it("keeps the Dashboard's own credential names from root", async () => {
    for (const name of ["WebPros_Dashboard", "WP-Dashboard"]) {
      const { json } = await stack.call("wp_dashboard_create_api_token", {
        token_name: name,
        acl: "list-accts",
      });
      assert.equal(
        json.metadata.reason,
        `The system failed to create the API token: The API token name “${name}” is reserved for the WebPros Dashboard's own credential.`,
      );
    }
  });

  it("checks names, expiry and privileges as api_token_create does", async () => {
    const { json } = await stack.call("wp_dashboard_create_api_token", {
      token_name: "bad name",
      acl: "list-accts",
    });
    assert.match(json.metadata.reason, /is not a valid API token name/);
    const taken = await stack.call("wp_dashboard_create_api_token", {
      token_name: "dashboard",
      acl: "list-accts",
    });
    assert.match(
      taken.json.metadata.reason,
      /A conflicting API token with the name “dashboard” already exists\./,
    );
  });
});
