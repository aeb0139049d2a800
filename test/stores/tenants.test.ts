import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { secretStore } from "../../lambdas/stores/secrets/index.js";
import { setPortalTokens, tokenSessionKey } from "../../lambdas/stores/sessions.js";
import {
  createTenantWithRootToken,
  deleteTenant,
  findTenantByHost,
  getTenant,
  listTenants,
  rotateRootToken,
} from "../../lambdas/stores/tenants.js";
import { findToken } from "../../lambdas/stores/tokens.js";
import { startTestStack, type TestStack } from "../helpers/local-stack.js";

describe("tenant administration (against DynamoDB Local)", () => {
  let stack: TestStack;
  before(async () => {
    stack = await startTestStack();
  });
  after(() => stack.stop());

  it("creates a tenant whose root token works and lists it", async () => {
    const token = await createTenantWithRootToken({ id: "acme", hostname: "whm.acme.example" });
    assert.match(token, /^[A-Z0-9]{32}$/);
    assert.equal((await findToken(token))?.tenant, "acme");
    assert.deepEqual(
      (await listTenants()).map((t) => t.id),
      ["acme", "local"],
    );
    const { json } = await stack.call(
      "get_provider_client_configurations",
      { provider_id: "cpanelid", service_name: "whostmgrd" },
      { token },
    );
    assert.equal(
      json.data.client_configurations.redirect_uris[1],
      "https://whm.acme.example:2087/openid_connect_callback/cpanelid",
    );
  });

  it("refuses to create a tenant that exists", async () => {
    await assert.rejects(createTenantWithRootToken({ id: "local", hostname: "x" }));
  });

  it("rotating the root token stops the old one and starts a new one", async () => {
    const old = await createTenantWithRootToken({ id: "rot", hostname: "rot.example" });
    const fresh = await rotateRootToken("rot");
    assert.equal(await findToken(old), undefined);
    assert.equal((await findToken(fresh))?.tenant, "rot");
  });

  it("deleting a tenant removes its items, tokens, sessions and secret, and nothing of other tenants", async () => {
    const token = await createTenantWithRootToken({ id: "gone", hostname: "gone.example" });
    const record = await findToken(token);
    assert.ok(record);
    await setPortalTokens(
      tokenSessionKey(record.tokenHash),
      { tenant: "gone", user: "root" },
      { accessToken: "at" },
    );
    await secretStore().put("gone", { providers: { cpanelid: { client_id: "a", client_secret: "b" } } });
    const removed = await deleteTenant("gone", secretStore());
    // The tenant, its host-name entry, the token's lookup and listing items, the token's session.
    assert.equal(removed, 5);
    assert.equal(await getTenant("gone"), undefined);
    assert.equal(await findTenantByHost("gone.example"), undefined);
    assert.equal(await findToken(token), undefined);
    assert.equal(await secretStore().get("gone"), undefined);
    assert.ok(await getTenant("local"));
    assert.ok(await findToken(stack.rootToken));
  });
});
