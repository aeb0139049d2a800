import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { putAccount } from "../../lambdas/stores/accounts.js";
import { failureKey } from "../../lambdas/stores/auth-failures.js";
import { db, tableName } from "../../lambdas/stores/dynamo.js";
import { sha256 } from "../../lambdas/stores/hash.js";
import { getSession } from "../../lambdas/stores/sessions.js";
import {
  createTenantWithRootToken,
  endSessionByHash,
  listCredentials,
  rotateRootToken,
} from "../../lambdas/stores/tenants.js";
import { createToken } from "../../lambdas/stores/tokens.js";
import { obtainPortalCode } from "../../local/portal.js";
import { LOCAL_PORTAL_REDIRECT_URI } from "../../local/stack.js";
import { apiFailure } from "../helpers/api-failure.js";
import { callFrom } from "../helpers/call-from.js";
import { startTestStack, type TestStack } from "../helpers/local-stack.js";

/** Own properties of Object.prototype, to prove no request added any. */
const prototypeShape = () => Object.getOwnPropertyNames(Object.prototype).sort().join(",");

describe("security regressions (adversarial review), each through HTTP", () => {
  let stack: TestStack;
  let bravoToken: string;

  before(async () => {
    stack = await startTestStack();
    bravoToken = await createTenantWithRootToken({ id: "bravo", hostname: "bravo.example" });
  });
  after(() => stack.stop());

  /** Visits a create_user_session answer's login URL; returns the session's path prefix and cookie. */
  async function loginWith(data: { url: string; cp_security_token: string }) {
    const login = await fetch(data.url, { redirect: "manual" });
    await login.text();
    return {
      prefix: data.cp_security_token,
      cookie: (login.headers.getSetCookie()[0] ?? "").split(";")[0] as string,
    };
  }

  /** Opens a root session with `token` and logs in; returns its path prefix and cookie. */
  async function session(token = stack.rootToken, user = "root", target = "root") {
    const { json } = await stack.call(
      "create_user_session",
      { user: target, service: "whostmgrd" },
      { token, user },
    );
    assert.equal(json.metadata.result, 1, json.metadata.reason);
    const { cookie } = await loginWith(json.data);
    return {
      prefix: json.data.cp_security_token as string,
      cookie,
      loginSecret: json.data.session as string,
    };
  }
  const viaSession = (s: { prefix: string; cookie: string }, fn = "api_token_list", headers = {}) =>
    fetch(`${stack.url}${s.prefix}/json-api/${fn}`, { headers: { cookie: s.cookie, ...headers } });

  describe("1. prototype pollution through api.* options", () => {
    for (const name of [
      "api.__proto__.expires_at",
      "api.constructor.prototype.expires_at",
      "api.filter.prototype.x",
    ]) {
      it(`refuses ${name} with WHM's error envelope and leaves Object.prototype as it was`, async () => {
        const before = prototypeShape();
        const { status, json } = await stack.call("api_token_list", { [name]: "1" });
        assert.equal(status, 200);
        assert.equal(json.metadata.result, 0);
        assert.equal(json.metadata.reason, `The argument name “${name}” is not valid.`);
        assert.equal(prototypeShape(), before);
        const other = await stack.call("api_token_list", {}, { token: bravoToken });
        assert.equal(other.json.metadata.result, 1);
        assert.deepEqual(Object.keys(other.json.data.tokens), ["root"]);
      });
    }

    it("the API Shell serves only its own files, whatever the path names", async () => {
      for (const file of ["constructor", "__proto__", "toString", "hasOwnProperty"]) {
        const response = await fetch(`${stack.url}/api-shell/${file}`);
        await response.text();
        assert.equal(response.status, 404, file);
      }
    });

    it("refuses prototype names as configuration keys", async () => {
      const { json } = await stack.call("set_provider_client_configurations", {
        service_name: "cpaneld",
        provider_id: "google",
        configurations: '{"client_id":"a","client_secret":"b","toString":"x"}',
      });
      assert.match(
        json.metadata.reason,
        apiFailure(
          "The configuration key “toString” is not a valid configuration field for the provider “Google”.",
        ),
      );
      const display = await stack.call("set_provider_display_configurations", {
        service_name: "cpaneld",
        provider_id: "google",
        configurations: '{"constructor":"x"}',
      });
      assert.match(
        display.json.metadata.reason,
        /does not contain the “constructor” display configuration parameter/,
      );
    });
  });

  describe("2. sessions only for users of the tenant's directory", () => {
    it("refuses a session for a user that does not exist, so no ghost can make tokens", async () => {
      const { json } = await stack.call("create_user_session", { user: "ghost", service: "whostmgrd" });
      assert.equal(
        json.metadata.reason,
        "You cannot create a session for the user “ghost” because they do not exist.",
      );
    });

    it("refuses a root session to a reseller holding “all”", async () => {
      await putAccount("local", {
        user: "boss",
        kind: "reseller",
        owner: "boss",
        acls: ["all"],
        suspended: false,
      });
      const boss = await createToken({ tenant: "local", user: "boss", name: "all", acls: ["all"] });
      const { json } = await stack.call(
        "create_user_session",
        { user: "root", service: "whostmgrd" },
        { token: boss.token, user: "boss" },
      );
      assert.equal(
        json.metadata.reason,
        "You do not have permission to create sessions for the user “root”.",
      );
    });

    it("the admin listing shows every user's tokens and live sessions, and ends any of them", async () => {
      const s = await session();
      const { tokens, sessions } = await listCredentials("local");
      assert.ok(tokens.some((t) => t.user === "boss" && t.name === "all"));
      const listed = sessions.find(
        (entry) => entry.sessionHash === sha256(decodeURIComponent(s.cookie.split("=")[1] ?? "")),
      );
      assert.ok(listed, "the new session is listed");
      await endSessionByHash("local", listed.sessionHash.slice(0, 12));
      assert.equal((await viaSession(s)).status, 403);
    });
  });

  describe("3. sessions end with their credentials, and at logout", () => {
    it("revoking the token a session was made with ends the session", async () => {
      const { json } = await stack.call("api_token_create", { token_name: "session-maker" });
      const s = await session(json.data.token);
      assert.equal((await viaSession(s)).status, 200);
      await stack.call("api_token_revoke", { token_name: "session-maker" });
      assert.equal((await viaSession(s)).status, 403);
    });

    it("a session made through a session ends when the first credential is revoked", async () => {
      const { json } = await stack.call("api_token_create", { token_name: "chain-root" });
      const first = await session(json.data.token);
      const response = await fetch(
        `${stack.url}${first.prefix}/json-api/create_user_session?user=root&service=whostmgrd`,
        { headers: { cookie: first.cookie } },
      );
      const created = (await response.json()) as any;
      const second = await loginWith(created.data);
      assert.equal((await viaSession(second)).status, 200);
      await stack.call("api_token_revoke", { token_name: "chain-root" });
      assert.equal((await viaSession(second)).status, 403);
    });

    it("a session lives no longer than an expiring token it was made with", async () => {
      const expiresAt = Math.floor(Date.now() / 1000) + 600;
      const { json } = await stack.call("api_token_create", {
        token_name: "short",
        expires_at: String(expiresAt),
      });
      const s = await session(json.data.token);
      const stored = await getSession(sha256(decodeURIComponent(s.cookie.split("=")[1] ?? "")));
      assert.ok(stored?.expires !== undefined && stored.expires <= expiresAt);
    });

    it("rotating the root token ends the sessions made with it", async () => {
      const tenantRoot = await createTenantWithRootToken({ id: "rotating", hostname: "rotating.example" });
      const { json } = await stack.call(
        "create_user_session",
        { user: "root", service: "whostmgrd" },
        { token: tenantRoot },
      );
      const s = await loginWith(json.data);
      assert.equal((await viaSession(s)).status, 200);
      await rotateRootToken("rotating");
      assert.equal((await viaSession(s)).status, 403);
    });

    it("/cpsessNNNNNNNNNN/logout ends the session and clears the cookie", async () => {
      const s = await session();
      const response = await fetch(`${stack.url}${s.prefix}/logout/`, {
        headers: { cookie: s.cookie },
        redirect: "manual",
      });
      assert.equal(response.status, 200);
      assert.match(
        response.headers.getSetCookie()[0] ?? "",
        /^whostmgrsession=; Path=\/; HttpOnly; SameSite=Strict; Max-Age=0/,
      );
      assert.match(await response.text(), /logged out/);
      assert.equal((await viaSession(s)).status, 403);
    });
  });

  describe("4. a limited token cannot act on a stronger one", () => {
    it("refuses to update or revoke a token holding privileges the caller lacks", async () => {
      const full = (await stack.call("api_token_create", { token_name: "strong" })).json.data.token as string;
      const limited = (
        await stack.call("api_token_create", { token_name: "limited", acl: "manage-api-tokens" })
      ).json.data.token as string;
      const update = await stack.call(
        "api_token_update",
        { token_name: "strong", acl: "manage-api-tokens" },
        { token: limited },
      );
      assert.equal(
        update.json.metadata.reason,
        "The system failed to update the API token: The API token “strong” holds privileges that your credentials lack.",
      );
      const revoke = await stack.call("api_token_revoke", { token_name: "strong" }, { token: limited });
      assert.equal(
        revoke.json.metadata.reason,
        "The system failed to revoke the API token: The API token “strong” holds privileges that your credentials lack.",
      );
      assert.equal((await stack.call("api_token_list", {}, { token: full })).json.metadata.result, 1);
      const own = await stack.call(
        "api_token_update",
        { token_name: "limited", new_name: "limited2" },
        { token: limited },
      );
      assert.equal(own.json.metadata.result, 1, own.json.metadata.reason);
    });
  });

  describe("5. the login URL does not carry the session cookie", () => {
    it("the login secret is not the cookie, works once, and cannot be used as a cookie", async () => {
      const s = await session();
      const cookieValue = decodeURIComponent(s.cookie.split("=")[1] ?? "");
      assert.notEqual(cookieValue, s.loginSecret);
      const asCookie = { prefix: s.prefix, cookie: `whostmgrsession=${encodeURIComponent(s.loginSecret)}` };
      assert.equal((await viaSession(asCookie)).status, 403);
      const again = await fetch(
        `${stack.url}${s.prefix}/login/?session=${encodeURIComponent(s.loginSecret)}`,
        {
          redirect: "manual",
        },
      );
      await again.text();
      assert.equal(again.status, 401);
    });
  });

  describe("6. an OAuth code is bound to the tenant whose flow it came from", () => {
    it("another tenant cannot redeem it, neither with the first tenant's redirect URI nor its own", async () => {
      const code = await obtainPortalCode(
        stack.portal.authorizationEndpoint,
        stack.portal.client.clientId,
        LOCAL_PORTAL_REDIRECT_URI,
      );
      const foreign = await stack.call(
        "ticket_validate_oauth2_code",
        { code, redirect_uri: LOCAL_PORTAL_REDIRECT_URI },
        { token: bravoToken },
      );
      assert.equal(
        foreign.json.metadata.reason,
        `The redirect URI “${LOCAL_PORTAL_REDIRECT_URI}” does not belong to this server.`,
      );
      const own = await stack.call(
        "ticket_validate_oauth2_code",
        { code, redirect_uri: "https://bravo.example:2087/support/oauth2/callback" },
        { token: bravoToken },
      );
      assert.match(own.json.metadata.reason, /Status Code: 400$/);
    });
  });

  describe("7. brute force", () => {
    it("locks out further wrong tokens for a user name from an address, never the right token", async () => {
      const url = `${stack.url}/json-api/api_token_list`;
      const wrong = { authorization: `whm root:${"W".repeat(32)}` };
      for (let i = 0; i < 10; i++) {
        assert.equal((await callFrom(url, { localAddress: "127.0.0.7", headers: wrong })).status, 403);
      }
      const locked = await callFrom(url, { localAddress: "127.0.0.7", headers: wrong });
      assert.equal(locked.status, 403);
      assert.match(
        JSON.parse(locked.body).cpanelresult.error,
        /^Too many failed authentication attempts from this address\. Try again in \d+ seconds\.$/,
      );
      assert.match(String(locked.headers["retry-after"]), /^\d+$/);
      const right = await callFrom(url, {
        localAddress: "127.0.0.7",
        headers: { authorization: `whm root:${stack.rootToken}` },
      });
      assert.equal(right.status, 200);
    });

    it("locks out an address's wrong tokens after failures spread over many user names", async () => {
      const url = `${stack.url}/json-api/api_token_list`;
      for (let i = 0; i < 30; i++) {
        await callFrom(url, {
          localAddress: "127.0.0.9",
          headers: { authorization: `whm user${i}:${"W".repeat(32)}` },
        });
      }
      const locked = await callFrom(url, {
        localAddress: "127.0.0.9",
        headers: { authorization: `whm someone:${"W".repeat(32)}` },
      });
      assert.match(JSON.parse(locked.body).cpanelresult.error, /^Too many failed authentication attempts/);
    });

    it("starts a new count over a counter item written before it kept counts per user", async () => {
      const key = failureKey("127.0.0.10");
      await db().send(
        new PutCommand({
          TableName: tableName(),
          Item: { ...key, type: "auth-failures", count: 5, expires: Math.floor(Date.now() / 1000) + 300 },
        }),
      );
      const url = `${stack.url}/json-api/api_token_list`;
      const wrong = { authorization: `whm root:${"W".repeat(32)}` };
      assert.equal((await callFrom(url, { localAddress: "127.0.0.10", headers: wrong })).status, 403);
      const { Item } = await db().send(
        new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }),
      );
      assert.equal(Item?.count, 1);
      assert.deepEqual(Object.values(Item?.users ?? {}), [1]);
    });

    it("limits each tenant's request rate", async () => {
      const token = await createTenantWithRootToken({ id: "chatty", hostname: "chatty.example" });
      Object.assign(process.env, { TENANT_RATE_LIMIT: "1", TENANT_BURST_LIMIT: "3" });
      try {
        const statuses = [];
        for (let i = 0; i < 5; i++) statuses.push((await stack.call("api_token_list", {}, { token })).status);
        assert.deepEqual(statuses.slice(0, 3), [200, 200, 200]);
        assert.equal(statuses.at(-1), 429);
        assert.equal((await stack.call("api_token_list")).status, 200, "other tenants are not limited");
      } finally {
        delete process.env.TENANT_RATE_LIMIT;
        delete process.env.TENANT_BURST_LIMIT;
      }
    });
  });

  describe("8. api.* options count in the argument cap, and answers are bounded", () => {
    it("refuses more than 1,000 names counting api.* options", async () => {
      const params: [string, string][] = [];
      for (let i = 0; i < 1001; i++) params.push([`api.filter.f${i}.field`, "name"]);
      const { json } = await stack.call("api_token_list", params, { method: "POST" });
      assert.equal(json.metadata.reason, "A call may carry at most 1000 arguments.");
    });

    it("answers a request whose answer would exceed 5 MiB with an error instead", async () => {
      const params: [string, string][] = [["api.filter.enable", "1"]];
      for (let i = 0; i < 130; i++) {
        params.push([`api.filter.f${i}.field`, "name"], [`api.filter.f${i}.arg0`, "x".repeat(60_000)]);
      }
      const { text, json } = await stack.call("get_available_authentication_providers", params, {
        method: "POST",
      });
      assert.ok(text.length < 5 * 1024 * 1024);
      assert.equal(
        json.metadata.reason,
        "The response exceeds the maximum size of 5242880 bytes. Use “api.chunk” or “api.columns” to request less.",
      );
    });
  });

  describe("9. cookie-authenticated calls from a foreign origin", () => {
    it("refuses a session call whose Origin or Referer is another site, and accepts its own", async () => {
      const s = await session();
      const host = new URL(stack.url).host;
      assert.equal((await viaSession(s, "api_token_list", { origin: "https://evil.example" })).status, 403);
      assert.equal(
        (await viaSession(s, "api_token_list", { referer: "https://evil.example/x" })).status,
        403,
      );
      assert.equal((await viaSession(s, "api_token_list", { origin: `http://${host}` })).status, 200);
    });
  });
});
