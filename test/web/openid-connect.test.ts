import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, beforeEach, describe, it } from "node:test";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { call, keys, tableName } from "../../lambdas/stores/dynamo.js";
import { sha256 } from "../../lambdas/stores/hash.js";
import { createTenantWithRootToken } from "../../lambdas/stores/tenants.js";
import { configureTwoFactor, removeTwoFactor, setPolicy } from "../../lambdas/stores/two-factor.js";
import { startTestStack, type TestStack } from "../helpers/local-stack.js";
import { getWithHost, RedirectClient } from "../helpers/redirect-client.js";
import { codeAt } from "../helpers/totp.js";

const SECRET = "SIGNINSECRET2345";

describe("WHM sign-in with an OpenID Connect provider (/openid_connect, /openid_connect_callback)", () => {
  let stack: TestStack;
  let start: string;
  let subject: string;
  let client: RedirectClient;
  const isCallback = (url: string) => url.includes("/openid_connect_callback/");
  const link = (params: Record<string, string> = {}) =>
    stack.call("link_user_authn_provider", {
      username: "root",
      provider_id: "whmcs",
      subject_unique_identifier: subject,
      preferred_username: subject,
      ...params,
    });
  const unlink = () =>
    stack.call("unlink_user_authn_provider", {
      username: "root",
      provider_id: "whmcs",
      subject_unique_identifier: subject,
    });
  /** Runs the sign-in up to the provider's redirect back, and returns the callback URL. */
  const callbackUrl = async () => (await client.follow(start, isCallback)).url;
  /** Changes the stored sign-in record behind a callback URL, as a forger or the clock would. */
  const editSignIn = (callback: string, update: Record<string, unknown>) =>
    call(
      "dynamodb:UpdateItem",
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.signIn(sha256(new URL(callback).searchParams.get("state") ?? "")),
        ...update,
      }),
    );

  before(async () => {
    stack = await startTestStack({ signIn: true });
    start = stack.signIn?.startUrl ?? "";
    subject = stack.signIn?.testSubject ?? "";
  });
  beforeEach(() => {
    client = new RedirectClient();
  });
  after(() => stack.stop());

  it("sends the browser to the provider with PKCE S256, state, nonce and the advertised redirect URI", async () => {
    const first = await client.request(start);
    assert.equal(first.status, 302);
    const authorize = new URL(first.location ?? "");
    assert.equal(authorize.origin, stack.portal.issuer);
    assert.equal(authorize.searchParams.get("code_challenge_method"), "S256");
    assert.ok(authorize.searchParams.get("state") && authorize.searchParams.get("nonce"));
    const { json } = await stack.call("get_provider_client_configurations", {
      provider_id: "whmcs",
      service_name: "whostmgrd",
    });
    assert.ok(
      json.data.client_configurations.redirect_uris.includes(authorize.searchParams.get("redirect_uri")),
    );
    assert.ok(client.cookie(start, "whm_signin"), "the sign-in is bound to this browser");
  });

  it("refuses an identity linked to nobody with a page, and starts no session", async () => {
    const end = await client.follow(start);
    assert.equal(end.status, 403);
    assert.match(end.text, /<h1>Sign-in stopped<\/h1>/);
    assert.match(end.text, /<p>This identity is not linked to a user of this server\. Sign in another way/);
    assert.match(end.text, /<main data-code="no_linked_account">/, "cpsrvd's message code, for scripts");
    assert.doesNotMatch(end.text, /\(no_linked_account\)|Start again/, "no raw code shown, nothing to retry");
    assert.equal(client.cookie(start, "whostmgrsession"), undefined);
  });

  it("signs a linked identity in to a /cpsess session exactly like create_user_session's", async () => {
    assert.equal((await link()).json.metadata.result, 1);
    try {
      const end = await client.follow(start);
      assert.equal(end.status, 200);
      assert.match(end.url, /^http:\/\/localhost:\d+\/cpsess\d{10}\/api-shell\/index\.html$/);
      assert.ok(client.cookie(start, "whostmgrsession"));
      const cpsess = /\/cpsess\d{10}/.exec(end.url)?.[0];
      const inSession = await client.request(
        new URL(`${cpsess}/json-api/get_users_authn_linked_accounts?api.version=1`, start).toString(),
      );
      assert.equal(JSON.parse(inSession.text).metadata.result, 1);
      assert.equal(client.cookie(start, "whm_signin"), undefined, "the sign-in cookie is cleared");
      await unlink();
      const afterUnlink = await client.request(
        new URL(`${cpsess}/json-api/get_users_authn_linked_accounts?api.version=1`, start).toString(),
      );
      assert.equal(afterUnlink.status, 403, "unlinking the identity ends its sessions");
    } finally {
      await unlink();
    }
  });

  it("refuses a replayed callback (state is single use)", async () => {
    await link();
    try {
      const callback = await callbackUrl();
      assert.equal((await client.request(callback)).status, 302);
      const replay = await client.request(callback);
      assert.equal(replay.status, 400);
      assert.match(replay.text, /expired_session/);
    } finally {
      await unlink();
    }
  });

  it("refuses a callback without a state, or with one never issued", async () => {
    const base = new URL("/openid_connect_callback/whmcs", start);
    assert.match((await client.request(`${base}?code=x`)).text, /missing_openid_state/);
    assert.match((await client.request(`${base}?code=x&state=forged`)).text, /expired_session/);
  });

  it("offers to start again after a refusal that retrying can cure, on a page allowed its style", async () => {
    const base = new URL("/openid_connect_callback/whmcs", start);
    const answer = await client.request(`${base}?code=x&state=forged`);
    assert.match(answer.text, /<a class="action" href="\/openid_connect\/whmcs">Start again<\/a>/);
    const style = /<style>([^<]*)<\/style>/.exec(answer.text)?.[1] ?? "";
    const hash = createHash("sha256").update(style).digest("base64");
    assert.ok(
      answer.contentSecurityPolicy.includes(`style-src 'sha256-${hash}'`),
      answer.contentSecurityPolicy,
    );
    assert.match(answer.contentSecurityPolicy, /^default-src 'none';/);
  });

  it("refuses a callback from another browser than the one that started it", async () => {
    const callback = await callbackUrl();
    client.dropCookie(start, "whm_signin");
    const answer = await client.request(callback);
    assert.equal(answer.status, 400);
    assert.match(answer.text, /invalid_session/);
  });

  it("refuses an ID token whose nonce is not the sign-in's", async () => {
    await link();
    try {
      const callback = await callbackUrl();
      await editSignIn(callback, {
        UpdateExpression: "SET #record.nonce = :other",
        ExpressionAttributeNames: { "#record": "record" },
        ExpressionAttributeValues: { ":other": "another-nonce" },
      });
      const answer = await client.request(callback);
      assert.equal(answer.status, 401);
      assert.match(answer.text, /openid_missing_id_token/);
      assert.equal(client.cookie(start, "whostmgrsession"), undefined);
    } finally {
      await unlink();
    }
  });

  it("refuses an expired sign-in", async () => {
    const callback = await callbackUrl();
    await editSignIn(callback, {
      UpdateExpression: "SET expires = :past",
      ExpressionAttributeValues: { ":past": 1 },
    });
    assert.match((await client.request(callback)).text, /expired_session/);
  });

  it("refuses the provider's error answer", async () => {
    const callback = new URL(await callbackUrl());
    const denied = new URL(callback.pathname, callback);
    denied.searchParams.set("state", callback.searchParams.get("state") ?? "");
    denied.searchParams.set("error", "access_denied");
    assert.match((await client.request(denied.toString())).text, /oidc_received_error/);
  });

  it("does not start a provider that is disabled for WHM, or unknown", async () => {
    const off = { provider_id: "whmcs", service_name: "whostmgrd" };
    await stack.call("disable_authentication_provider", off);
    try {
      const answer = await client.request(start);
      assert.equal(answer.status, 404);
      assert.match(answer.text, /provider_unavailable/);
    } finally {
      await stack.call("enable_authentication_provider", off);
    }
    assert.match(
      (await client.request(new URL("/openid_connect/google", start).toString())).text,
      /provider_unavailable/,
    );
  });

  it("refuses a sign-in started for one tenant and returned on another tenant's host", async () => {
    await createTenantWithRootToken({ id: "bravo", hostname: "bravo.example" });
    const callback = new URL(await callbackUrl());
    const answer = await getWithHost(
      callback.toString(),
      "bravo.example",
      `whm_signin=${client.cookie(start, "whm_signin")}`,
    );
    assert.equal(answer.status, 400);
    assert.match(answer.text, /invalid_session/);
    assert.match((await client.request(callback.toString())).text, /expired_session/, "and it is used up");
  });

  it("asks a user with two-factor authentication for a security code, and refuses it a second time", async () => {
    await link();
    await configureTwoFactor("local", "root", SECRET, 0);
    await setPolicy("local", true);
    try {
      const page = await client.follow(start);
      assert.equal(page.status, 200);
      const pending = /name="pending" value="([^"]+)"/.exec(page.text)?.[1] ?? "";
      const action = new URL("/openid_connect_callback/whmcs", start).toString();
      const code = codeAt(SECRET, Date.now());
      const signedIn = await client.request(action, {
        method: "POST",
        body: new URLSearchParams({ pending, tfa_token: code }),
      });
      assert.equal(signedIn.status, 302);
      assert.match(signedIn.location ?? "", /\/cpsess\d{10}\/api-shell\/index\.html$/);

      const again = new RedirectClient();
      const secondPage = await again.follow(start);
      const secondPending = /name="pending" value="([^"]+)"/.exec(secondPage.text)?.[1] ?? "";
      const replay = await again.request(action, {
        method: "POST",
        body: new URLSearchParams({ pending: secondPending, tfa_token: code }),
      });
      assert.equal(replay.status, 401);
      assert.match(replay.text, /invalid_security_code/);
      assert.equal(again.cookie(start, "whostmgrsession"), undefined);
    } finally {
      await setPolicy("local", false);
      await removeTwoFactor("local", "root");
      await unlink();
    }
  });

  it("links the identity to a signed-in user who starts the flow under their session", async () => {
    const { json } = await stack.call("create_user_session", { user: "root", service: "whostmgrd" });
    const login = new URL(json.data.url);
    const session = await client.follow(new URL(`${login.pathname}${login.search}`, start).toString());
    assert.equal(session.status, 200);
    const cpsess = json.data.cp_security_token;
    const end = await client.follow(new URL(`${cpsess}/openid_connect/whmcs`, start).toString());
    assert.equal(end.status, 200);
    assert.match(end.url, new RegExp(`${cpsess}/api-shell/index.html$`));
    const links = await stack.call("get_users_authn_linked_accounts");
    assert.ok(JSON.stringify(links.json.data).includes(subject));
    await unlink();
  });
});
