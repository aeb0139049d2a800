import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { putAccount } from "../../lambdas/stores/accounts.js";
import { createTenantWithRootToken } from "../../lambdas/stores/tenants.js";
import { startTestStack, type TestStack } from "../helpers/local-stack.js";
import { enableGoogle } from "../helpers/providers.js";

describe("two tenants configure the same provider", () => {
  let stack: TestStack;
  let acme: string;
  let globex: string;
  before(async () => {
    stack = await startTestStack();
    acme = await createTenantWithRootToken({ id: "acme", hostname: "whm.acme.example" });
    globex = await createTenantWithRootToken({ id: "globex", hostname: "whm.globex.example" });
    for (const [tenant, user] of [
      ["acme", "wile"],
      ["acme", "a-user"],
      ["globex", "g-user"],
    ] as const) {
      await putAccount(tenant, { user, kind: "cpanel", owner: "root", acls: [], suspended: false });
    }
  });
  after(() => stack.stop());

  it("each sees only its own client configuration, redirect URIs, enabled flags, display and links", async () => {
    const as =
      (token: string) =>
      (fn: string, params: Record<string, string> = {}) =>
        stack.call(fn, params, { token });
    const [a, g] = [as(acme), as(globex)];
    await a("set_provider_client_configurations", {
      service_name: "cpaneld",
      provider_id: "google",
      configurations: '{"client_id":"acme-id","client_secret":"acme-secret"}',
    });
    await g("set_provider_client_configurations", {
      service_name: "cpaneld",
      provider_id: "google",
      configurations: '{"client_id":"globex-id","client_secret":"globex-secret"}',
    });
    await a("enable_authentication_provider", { service_name: "cpaneld", provider_id: "google" });
    await a("set_provider_display_configurations", {
      service_name: "cpaneld",
      provider_id: "google",
      configurations: '{"label":"ACME login"}',
    });
    await a("link_user_authn_provider", {
      username: "wile",
      provider_id: "google",
      subject_unique_identifier: "s1",
      preferred_username: "w",
    });

    const acmeClient = (
      await a("get_provider_client_configurations", { service_name: "cpaneld", provider_id: "google" })
    ).json.data;
    const globexClient = (
      await g("get_provider_client_configurations", { service_name: "cpaneld", provider_id: "google" })
    ).json.data;
    assert.equal(acmeClient.client_configurations.client_secret, "acme-secret");
    assert.equal(globexClient.client_configurations.client_secret, "globex-secret");
    assert.match(
      globexClient.client_configurations.redirect_uris[0],
      /^https:\/\/whm\.globex\.example:2083\//,
    );

    const globexProviders = (await g("get_available_authentication_providers")).json.data.providers;
    assert.equal(globexProviders.find((p: { id: string }) => p.id === "google").cpaneld_enabled, 0);
    const globexDisplay = (await g("get_provider_display_configurations", { provider_id: "google" })).json
      .data.configurations;
    assert.equal(globexDisplay[0].label, "Log in via Google");
    assert.deepEqual((await g("get_users_authn_linked_accounts")).json.data.username_linked_accounts, []);
    assert.equal((await a("get_users_authn_linked_accounts")).json.data.username_linked_accounts.length, 1);
  });

  it("one tenant linking an identity does not block the same identity in another tenant", async () => {
    const link = (token: string, username: string) =>
      stack.call(
        "link_user_authn_provider",
        { username, provider_id: "google", subject_unique_identifier: "shared-sub", preferred_username: "x" },
        { token },
      );
    await enableGoogle(stack, globex);
    assert.equal((await link(acme, "a-user")).json.metadata.result, 1);
    assert.equal((await link(globex, "g-user")).json.metadata.result, 1);
  });
});
