import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { CATALOG } from "../../lambdas/catalog.js";
import { putAccount } from "../../lambdas/stores/accounts.js";
import { db, tableName } from "../../lambdas/stores/dynamo.js";
import { sha256 } from "../../lambdas/stores/hash.js";
import { secretStore } from "../../lambdas/stores/secrets/index.js";
import { putSignIn } from "../../lambdas/stores/sign-ins.js";
import { createTenantWithRootToken } from "../../lambdas/stores/tenants.js";
import { obtainPortalCode } from "../../local/portal.js";
import { LOCAL_PORTAL_REDIRECT_URI } from "../../local/stack.js";
import { startTestStack, type TestStack } from "../helpers/local-stack.js";
import { getWithHost } from "../helpers/redirect-client.js";
import { codeAt } from "../helpers/totp.js";
import { seedDirectory } from "../helpers/whm-accounts.js";

const ALPHA_REDIRECT_URI = "https://alpha-host.example:2087/support/oauth2/callback";

/** Everything tenant A owns, as stored: its table items (minus activity timestamps) and its secrets. */
async function snapshot(tenant: string): Promise<string> {
  const { Items = [] } = await db().send(new ScanCommand({ TableName: tableName() }));
  const owned = Items.filter((item) => item.pk === `TENANT#${tenant}` || item.tenant === tenant)
    .map(({ last_seen: _ignored, ...item }) => item)
    .sort((a, b) => `${a.pk}${a.sk}`.localeCompare(`${b.pk}${b.sk}`));
  return JSON.stringify({ owned, secrets: await secretStore().get(tenant) });
}

describe("tenant isolation: every catalog function, called as tenant B against tenant A's data", () => {
  let stack: TestStack;
  let alphaToken: string;
  let alphaApiToken: string;
  let alphaCode: string;
  let bravoToken: string;
  let alphaSessionPath: string;
  let alphaTfaSecret: string;
  const markers: string[] = [];

  before(async () => {
    stack = await startTestStack();
    alphaToken = await createTenantWithRootToken({ id: "alpha", hostname: "alpha-host.example" });
    bravoToken = await createTenantWithRootToken({ id: "bravo", hostname: "bravo-host.example" });
    await seedDirectory("alpha");
    await putAccount("alpha", {
      user: "alpha-user",
      kind: "cpanel",
      owner: "root",
      acls: [],
      suspended: false,
    });
    const asAlpha = async (fn: string, params: Record<string, string>) => {
      const { json } = await stack.call(fn, params, { token: alphaToken });
      assert.equal(json.metadata.result, 1, `${fn}: ${json.metadata.reason}`);
      return json.data;
    };
    await asAlpha("set_provider_client_configurations", {
      service_name: "cpaneld",
      provider_id: "google",
      configurations: '{"client_id":"ALPHA-CLIENT-ID","client_secret":"ALPHA-CLIENT-SECRET"}',
    });
    await asAlpha("enable_authentication_provider", { service_name: "cpaneld", provider_id: "google" });
    await asAlpha("set_provider_display_configurations", {
      service_name: "cpaneld",
      provider_id: "google",
      configurations: '{"label":"ALPHA-LABEL"}',
    });
    await asAlpha("link_user_authn_provider", {
      username: "alpha-user",
      provider_id: "google",
      subject_unique_identifier: "ALPHA-SUBJECT",
      preferred_username: "ALPHA-PREFERRED",
    });
    alphaApiToken = (await asAlpha("api_token_create", { token_name: "alpha-token" })).token;
    const session = await asAlpha("create_user_session", { user: "root", service: "whostmgrd" });
    alphaCode = await obtainPortalCode(
      stack.portal.authorizationEndpoint,
      stack.portal.client.clientId,
      ALPHA_REDIRECT_URI,
    );
    await asAlpha("ticket_validate_oauth2_code", { code: alphaCode, redirect_uri: ALPHA_REDIRECT_URI });
    markers.push(
      "ALPHA-CLIENT-ID",
      "ALPHA-CLIENT-SECRET",
      "ALPHA-LABEL",
      "ALPHA-SUBJECT",
      "ALPHA-PREFERRED",
      "alpha-host.example",
      "alpha-token",
      "bob.example",
      "res1.example",
      alphaToken,
      alphaApiToken,
      session.session,
      session.cp_security_token,
    );
    alphaSessionPath = session.cp_security_token;
    await asAlpha("twofactorauth_set_issuer", { issuer: "ALPHA-ISSUER" });
    await asAlpha("twofactorauth_enable_policy", {});
    alphaTfaSecret = (await asAlpha("twofactorauth_generate_tfa_config", {})).secret;
    await asAlpha("twofactorauth_set_tfa_config", {
      secret: alphaTfaSecret,
      tfa_token: codeAt(alphaTfaSecret),
    });
    markers.push("ALPHA-ISSUER", alphaTfaSecret);
  });
  after(() => stack.stop());

  /** Values tenant B tries for each parameter name: tenant A's identifiers first. */
  const tries = (): Record<string, string[]> => ({
    provider_id: ["google", "whmcs"],
    service_name: ["cpaneld", "whostmgrd"],
    configurations: ['{"client_id":"B","client_secret":"B"}', '{"label":"B"}'],
    username: ["alpha-user", "root"],
    subject_unique_identifier: ["ALPHA-SUBJECT"],
    preferred_username: ["B"],
    token_name: ["alpha-token", "root"],
    new_name: ["stolen"],
    token: [alphaApiToken, alphaToken],
    acl: ["all"],
    expires_at: ["0"],
    user: ["root", "alpha-user", "bob", "res1"],
    search: ["bob", "."],
    searchtype: ["user", "owner"],
    searchmethod: ["exact"],
    want: ["user,domain"],
    domain: ["bob.example"],
    service: ["whostmgrd"],
    code: [alphaCode],
    redirect_uri: [ALPHA_REDIRECT_URI, LOCAL_PORTAL_REDIRECT_URI],
    issuer: ["B-ISSUER", ""],
    secret: [alphaTfaSecret],
    tfa_token: ["000000"],
  });

  /** Every combination of the tried values of a function's parameters (each parameter varied in turn). */
  function attempts(params: readonly string[]): Array<Record<string, string>> {
    const pool = tries();
    const base = Object.fromEntries(params.map((name) => [name, pool[name]?.[0] ?? "x"]));
    const variants = [base];
    for (const name of params)
      for (const value of (pool[name] ?? []).slice(1)) variants.push({ ...base, [name]: value });
    return variants;
  }

  it("refuses or answers emptily every cross-tenant attempt, and tenant A's data stays as it was", async (t) => {
    const before = await snapshot("alpha");
    let count = 0;
    for (const { definition } of CATALOG) {
      for (const params of attempts(Object.keys(definition.params))) {
        for (const format of ["json", "xml"] as const) {
          const { status, text } = await stack.call(definition.name, params, { token: bravoToken, format });
          count++;
          assert.ok(status === 200 || status === 403, `${definition.name} answered ${status}`);
          // A value tenant B sent itself may come back in an error text; only what B did not send is a leak.
          const sent = JSON.stringify(params);
          for (const marker of markers.filter((m) => !sent.includes(m))) {
            assert.ok(
              !text.includes(marker),
              `${definition.name}(${JSON.stringify(params)}) showed tenant A's “${marker}”`,
            );
          }
        }
      }
    }
    assert.equal(await snapshot("alpha"), before, "tenant A's stored data changed");
    t.diagnostic(`cross-tenant attempts: ${count} over ${CATALOG.length} functions, all refused or empty`);
    assert.ok(count >= CATALOG.length * 2);
  });

  it("tenant A's browser session cannot be used with tenant B's token, nor B's token under A's /cpsess path", async () => {
    const { json } = await stack.call(
      "api_token_get_details",
      { token: alphaApiToken },
      { token: bravoToken },
    );
    assert.equal(json.data, undefined);
    const underAlphaPath = await stack.call(
      "api_token_list",
      {},
      { token: bravoToken, prefix: alphaSessionPath },
    );
    assert.ok(!underAlphaPath.text.includes("alpha-token"));
  });

  it("a sign-in started for tenant A is refused on tenant B's host name, and is used up", async () => {
    const state = "alpha-sign-in-state";
    const browser = "alpha-browser";
    await putSignIn(
      sha256(state),
      {
        kind: "authorize",
        tenant: "alpha",
        provider: "google",
        nonce: "n",
        codeVerifier: "v",
        redirectUri: "https://alpha-host.example:2087/openid_connect_callback/google",
        browser: sha256(browser),
      },
      600,
    );
    const callback = `${stack.url}/openid_connect_callback/google?state=${state}&code=c`;
    const onBravo = await getWithHost(callback, "bravo-host.example", `whm_signin=${browser}`);
    assert.equal(onBravo.status, 400);
    assert.match(onBravo.text, /invalid_session/);
    const onAlpha = await getWithHost(callback, "alpha-host.example", `whm_signin=${browser}`);
    assert.match(onAlpha.text, /expired_session/);
  });
});
