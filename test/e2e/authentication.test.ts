import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DeleteCommand } from "@aws-sdk/lib-dynamodb";
import { awsCallCounts, resetAwsCallCounts } from "../../lambdas/kernel/aws-calls.js";
import { db, keys, tableName } from "../../lambdas/stores/dynamo.js";
import { createTenantWithRootToken } from "../../lambdas/stores/tenants.js";
import { createToken } from "../../lambdas/stores/tokens.js";
import { startTestStack, type TestStack } from "../helpers/local-stack.js";

const PARAMS = { provider_id: "cpanelid", service_name: "cpaneld" };

describe("authentication and authorization through the gateway", () => {
  let stack: TestStack;
  before(async () => {
    stack = await startTestStack();
  });
  after(() => stack.stop());

  /** cpsrvd's refusal: HTTP 403 and its own cpanelresult body, never an API 1 envelope. */
  const denied = (result: { status: number; json: Record<string, any> }) => {
    assert.equal(result.status, 403);
    assert.deepEqual(result.json, {
      cpanelresult: {
        apiversion: "2",
        error: "Access denied",
        data: { reason: "Access denied", result: "0" },
        type: "text",
      },
    });
  };

  it("answers 403 without data when the Authorization header is missing", async () => {
    denied(await stack.call("get_provider_client_configurations", PARAMS, { token: null }));
  });

  it("answers 403 to an unknown token", async () => {
    denied(await stack.call("get_provider_client_configurations", PARAMS, { token: "X".repeat(32) }));
  });

  it("answers 403 when the user does not own the token", async () => {
    denied(await stack.call("get_provider_client_configurations", PARAMS, { user: "reseller" }));
  });

  it("answers 403 in XML for an xml-api call", async () => {
    const { status, text } = await stack.call("get_provider_client_configurations", PARAMS, {
      token: null,
      format: "xml",
    });
    assert.equal(status, 403);
    assert.match(text, /<cpanelresult>.*<error>Access denied<\/error>.*<reason>Access denied<\/reason>/s);
  });

  it("refuses an expired token", async () => {
    const { token } = await createToken({
      tenant: "local",
      user: "root",
      name: "expired",
      acls: ["all"],
      expiresAt: Math.floor(Date.now() / 1000) - 10,
    });
    denied(await stack.call("get_provider_client_configurations", PARAMS, { token }));
  });

  it("refuses a function whose ACL the token lacks", async () => {
    const { token } = await createToken({
      tenant: "local",
      user: "root",
      name: "narrow",
      acls: ["list-accts"],
    });
    const { status, json } = await stack.call("get_provider_client_configurations", PARAMS, { token });
    assert.equal(status, 200);
    assert.equal(json.metadata.result, 0);
    assert.equal(
      json.metadata.reason,
      "Access denied: this function requires the “all” privilege, which your credentials lack.",
    );
  });

  it("refuses an unknown function name exactly as a known one when the credentials are wrong", async () => {
    const unknown = await stack.call("no_such_function", {}, { token: "X".repeat(32) });
    const known = await stack.call("api_token_list", {}, { token: "X".repeat(32) });
    assert.equal(unknown.status, 403);
    assert.equal(unknown.text, known.text);
  });

  it("answers 404 to a path outside the API", async () => {
    const response = await fetch(`${stack.url}/favicon.ico`);
    assert.equal(response.status, 404);
    assert.equal(await response.text(), "Not found");
  });

  it("answers WHM's unknown-function error for a name not in the catalog", async () => {
    const { status, json } = await stack.call("listpkgs", {});
    assert.equal(status, 200);
    assert.deepEqual(json.metadata, {
      version: 1,
      result: 0,
      reason: "Unknown app (listpkgs) requested for this version (1) of the API.",
      command: "listpkgs",
    });
  });

  it("refuses an api.version other than 1", async () => {
    const { json } = await stack.call("get_provider_client_configurations", {
      ...PARAMS,
      "api.version": "2",
    });
    assert.equal(json.metadata.result, 0);
    assert.match(json.metadata.reason, /only supports version 1/);
  });

  it("never answers 5xx or a stack trace, whatever the path", async () => {
    for (const path of [
      "/",
      "/json-api/",
      "/json-api/%E0%A4%A",
      "/cpsess12/json-api/x",
      "/xml-api/../../etc/passwd",
    ]) {
      const response = await fetch(`${stack.url}${path}`);
      const text = await response.text();
      assert.ok(response.status < 500, `${path} → ${response.status}`);
      assert.doesNotMatch(text, /at .+\.(ts|js):\d+/);
    }
  });

  it("reads no tenant record for a function that needs only the tenant's id", async () => {
    process.env.TENANT_CACHE_SECONDS = "0";
    try {
      // A token no container has seen yet: the policy is read on its own, after the token.
      const token = await createTenantWithRootToken({ id: "policy-only", hostname: "policy-only.example" });
      resetAwsCallCounts();
      const { json } = await stack.call("twofactorauth_policy_status", {}, { token });
      assert.equal(json.metadata.result, 1);
      // The policy's own GetItem; the tenant record would be a second.
      assert.equal(awsCallCounts().get("DynamoDB GetItemCommand"), 1);
    } finally {
      delete process.env.TENANT_CACHE_SECONDS;
    }
  });

  it("refuses with 403 a function that needs the tenant record when the record is gone", async () => {
    const token = await createTenantWithRootToken({ id: "orphan", hostname: "orphan.example" });
    await db().send(new DeleteCommand({ TableName: tableName(), Key: keys.tenant("orphan") }));
    process.env.TENANT_CACHE_SECONDS = "0";
    try {
      denied(await stack.call("get_provider_client_configurations", PARAMS, { token }));
    } finally {
      delete process.env.TENANT_CACHE_SECONDS;
    }
  });
});
