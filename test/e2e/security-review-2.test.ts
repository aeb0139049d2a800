import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { type Account, getAccount, putAccount } from "../../lambdas/stores/accounts.js";
import { findLinkedUser } from "../../lambdas/stores/links.js";
import { createToken } from "../../lambdas/stores/tokens.js";
import { callFrom } from "../helpers/call-from.js";
import { startTestStack, type TestStack } from "../helpers/local-stack.js";
import { RedirectClient } from "../helpers/redirect-client.js";
import { listacctsOutput, listacctsRow, listresellersOutput } from "../helpers/whm-accounts.js";

const WRONG = "W".repeat(32);

/** Issue 34 (second adversarial review) and issue 27 (lockout of valid credentials), each through HTTP. */
describe("security regressions of the second review, each through HTTP", () => {
  let stack: TestStack;
  let start: string;
  let subject: string;
  let client: RedirectClient;
  const isCallback = (url: string) => url.includes("/openid_connect_callback/");
  const reseller = (user: string, acls: string[], more: Partial<Account> = {}): Account => ({
    user,
    kind: "reseller",
    owner: "root",
    acls,
    suspended: false,
    ...more,
  });
  const unlinkRoot = () =>
    stack.call("unlink_user_authn_provider", {
      username: "root",
      provider_id: "whmcs",
      subject_unique_identifier: subject,
    });
  /** A root session opened with `token`, logged in through `browser` on the sign-in host. */
  async function sessionIn(browser: RedirectClient, token: string, user = "root") {
    const { json } = await stack.call("create_user_session", { user, service: "whostmgrd" }, { token });
    assert.equal(json.metadata.result, 1, json.metadata.reason);
    const login = new URL(json.data.url);
    const landed = await browser.follow(new URL(`${login.pathname}${login.search}`, start).toString());
    assert.equal(landed.status, 200);
    return json.data.cp_security_token as string;
  }
  /** Logs in a create_user_session answer with plain fetch; the session's prefix and cookie. */
  async function login(data: { url: string; cp_security_token: string }) {
    const response = await fetch(data.url, { redirect: "manual" });
    await response.text();
    return {
      prefix: data.cp_security_token,
      cookie: (response.headers.getSetCookie()[0] ?? "").split(";")[0] as string,
    };
  }

  before(async () => {
    stack = await startTestStack({ signIn: true });
    start = stack.signIn?.startUrl ?? "";
    subject = stack.signIn?.testSubject ?? "";
  });
  beforeEach(() => {
    client = new RedirectClient();
  });
  after(() => stack.stop());

  describe("issue 27: brute-force protection never refuses valid credentials", () => {
    const url = () => `${stack.url}/json-api/api_token_list`;

    it("serves the valid token at once after 40 wrong tokens from its address", async () => {
      for (let i = 0; i < 40; i++) {
        await callFrom(url(), {
          localAddress: "127.0.0.21",
          headers: { authorization: `whm ${i % 2 ? "root" : `script${i}`}:${WRONG}` },
        });
      }
      const valid = await callFrom(url(), {
        localAddress: "127.0.0.21",
        headers: { authorization: `whm root:${stack.rootToken}` },
      });
      assert.equal(valid.status, 200);
      assert.equal(JSON.parse(valid.body).metadata.result, 1);
    });

    it("keeps refusing wrong tokens from the locked address, with Retry-After", async () => {
      const wrong = await callFrom(url(), {
        localAddress: "127.0.0.21",
        headers: { authorization: `whm root:${WRONG}` },
      });
      assert.equal(wrong.status, 403);
      assert.match(JSON.parse(wrong.body).cpanelresult.error, /^Too many failed authentication attempts/);
      assert.match(String(wrong.headers["retry-after"]), /^\d+$/);
    });

    it("still stops a two-factor code brute force from that address", async () => {
      const generated = await stack.call("twofactorauth_generate_tfa_config");
      const secret = generated.json.data.secret as string;
      const reasons: string[] = [];
      for (let i = 0; i < 7; i++) {
        const answer = await callFrom(
          `${stack.url}/json-api/twofactorauth_set_tfa_config?api.version=1&secret=${secret}&tfa_token=00000${i}`,
          { localAddress: "127.0.0.21", headers: { authorization: `whm root:${stack.rootToken}` } },
        );
        reasons.push(JSON.parse(answer.body).metadata.reason);
      }
      assert.match(reasons.at(-1) ?? "", /^Too many invalid security codes were given for this user/);
    });
  });

  describe("34.1: self-service linking confers no more than the session, and ends with its credential", () => {
    it("refuses linking from a session made with a create-user-session-only token, and links nothing", async () => {
      const { token } = await createToken({
        tenant: "local",
        user: "root",
        name: "sessions-only",
        acls: ["create-user-session"],
      });
      const cpsess = await sessionIn(client, token);
      const end = await client.follow(new URL(`${cpsess}/openid_connect/whmcs`, start).toString());
      assert.equal(end.status, 403);
      assert.match(end.text, /not_allowed_to_link/);
      assert.equal(await findLinkedUser("local", "whmcs", subject), undefined);
    });

    it("a link made from a session signs no one in once that session's token is revoked", async () => {
      const { token } = await createToken({ tenant: "local", user: "root", name: "linker", acls: ["all"] });
      const cpsess = await sessionIn(client, token);
      const linked = await client.follow(new URL(`${cpsess}/openid_connect/whmcs`, start).toString());
      assert.match(linked.url, /\/api-shell\/index\.html$/);
      assert.equal(await findLinkedUser("local", "whmcs", subject), "root");
      try {
        const revoked = await stack.call("api_token_revoke", { token_name: "linker" });
        assert.equal(revoked.json.metadata.result, 1);
        const browser = new RedirectClient();
        const signIn = await browser.follow(start);
        assert.doesNotMatch(signIn.url, /\/api-shell\//);
        assert.equal(browser.cookie(start, "whostmgrsession"), undefined);
      } finally {
        await unlinkRoot();
      }
    });
  });

  describe("34.2 and 34.3: the directory is consulted at authentication", () => {
    it("refuses a suspended reseller's token and open session", async () => {
      await putAccount("local", reseller("susan", ["list-accts", "manage-api-tokens"]));
      const { token } = await createToken({
        tenant: "local",
        user: "susan",
        name: "t",
        acls: ["list-accts"],
      });
      const session = await login(
        (await stack.call("create_user_session", { user: "susan", service: "whostmgrd" })).json.data,
      );
      const viaSession = () =>
        fetch(`${stack.url}${session.prefix}/json-api/listaccts?api.version=1`, {
          headers: { cookie: session.cookie },
        });
      assert.equal((await stack.call("listaccts", {}, { token, user: "susan" })).status, 200);
      assert.equal((await viaSession()).status, 200);
      await putAccount("local", reseller("susan", ["list-accts", "manage-api-tokens"], { suspended: true }));
      assert.equal((await stack.call("listaccts", {}, { token, user: "susan" })).status, 403);
      assert.equal((await viaSession()).status, 403);
    });

    it("takes away through existing tokens and sessions the rights the directory took away", async () => {
      await putAccount("local", reseller("ravi", ["list-accts", "manage-api-tokens"]));
      const { token } = await createToken({
        tenant: "local",
        user: "ravi",
        name: "t",
        acls: ["list-accts", "manage-api-tokens"],
      });
      const session = await login(
        (await stack.call("create_user_session", { user: "ravi", service: "whostmgrd" })).json.data,
      );
      const viaSession = async () =>
        (await (
          await fetch(`${stack.url}${session.prefix}/json-api/listaccts?api.version=1`, {
            headers: { cookie: session.cookie },
          })
        ).json()) as Record<string, any>;
      assert.equal((await stack.call("listaccts", {}, { token, user: "ravi" })).json.metadata.result, 1);
      assert.equal((await viaSession()).metadata.result, 1);
      await putAccount("local", reseller("ravi", ["manage-api-tokens"]));
      const byToken = await stack.call("listaccts", {}, { token, user: "ravi" });
      assert.equal(byToken.json.metadata.result, 0);
      assert.match(byToken.json.metadata.reason, /list-accts/);
      assert.equal((await viaSession()).metadata.result, 0);
      assert.equal((await stack.call("api_token_list", {}, { token, user: "ravi" })).json.metadata.result, 1);
    });
  });

  describe("34.4: a directory-sync token speaks for one server only", () => {
    const push = async (token: string, body: unknown) => {
      const response = await fetch(`${stack.url}/directory/accounts`, {
        method: "POST",
        headers: { authorization: `whm root:${token}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      return (await response.json()) as Record<string, any>;
    };
    const exportOf = (server: string, rows: Array<Record<string, unknown>>, resellers = "") => ({
      server,
      listaccts: listacctsOutput(rows),
      listresellers: listresellersOutput(
        resellers ? resellers.split("\n").map((l) => l.split(":")[0] ?? "") : [],
      ),
      resellers,
    });
    let first: string;

    before(async () => {
      first = (await createToken({ tenant: "local", user: "root", name: "sync-a", acls: ["directory-sync"] }))
        .token;
    });

    it("refuses a push for a second server with the token of the first, and changes nothing", async () => {
      assert.equal((await push(first, exportOf("srv-a", [listacctsRow("alma")]))).metadata.result, 1);
      const other = await push(first, exportOf("srv-b", [listacctsRow("bruno")]));
      assert.equal(other.metadata.result, 0);
      assert.match(other.metadata.reason, /pushes the directory of “srv-a” only/);
      assert.equal(await getAccount("local", "bruno"), undefined);
    });

    it("never rewrites or re-owns an account another server reported", async () => {
      const { token } = await createToken({
        tenant: "local",
        user: "root",
        name: "sync-b",
        acls: ["directory-sync"],
      });
      const claim = await push(token, exportOf("srv-b", [listacctsRow("alma", { owner: "mallory" })]));
      assert.equal(claim.metadata.result, 1, claim.metadata.reason);
      assert.deepEqual(claim.data.elsewhere, ["alma"]);
      const alma = await getAccount("local", "alma");
      assert.equal(alma?.owner, "root");
      assert.equal(alma?.server, "srv-a");
    });

    it("cannot make a reseller root (`all`) with a directory-sync token", async () => {
      const answer = await push(
        first,
        exportOf("srv-a", [listacctsRow("alma"), listacctsRow("rex")], "rex:all,list-accts"),
      );
      assert.equal(answer.metadata.result, 1, answer.metadata.reason);
      assert.deepEqual((await getAccount("local", "rex"))?.acls, ["list-accts"]);
    });
  });

  describe("34.5: listaccts searches in linear time", () => {
    it("answers a search of thirty repeated `.*` over long domains", { timeout: 20_000 }, async () => {
      await putAccount("local", {
        ...reseller("longdomain", []),
        kind: "cpanel",
        domain: "a-rather-long-domain-name-for-backtracking.example",
        record: { user: "longdomain", domain: "a-rather-long-domain-name-for-backtracking.example" },
      });
      const { json } = await stack.call("listaccts", {
        searchtype: "domain",
        search: `${".*".repeat(30)}!`,
      });
      assert.equal(json.metadata.result, 1);
      assert.equal(json.data, undefined);
    });
  });

  describe("34.6: the argument cap counts values, and repeated values are read once", () => {
    it("refuses 1,001 values of one name", async () => {
      const params: [string, string][] = Array.from({ length: 1001 }, () => ["user", "bob"]);
      const { json } = await stack.call("twofactorauth_remove_user_config", params, { method: "POST" });
      assert.equal(json.metadata.reason, "A call may carry at most 1000 arguments.");
    });

    it("acts once on a user named 999 times", async () => {
      const params: [string, string][] = Array.from({ length: 999 }, () => ["user", "root"]);
      const { json } = await stack.call("twofactorauth_remove_user_config", params, { method: "POST" });
      assert.equal(json.metadata.result, 1, json.metadata.reason);
      assert.deepEqual(json.data.users_modified, ["root"]);
    });
  });

  describe("34.7: a callback tried in another browser does not use up the sign-in", () => {
    it("refuses the other browser and still signs the starting browser in", async () => {
      await stack.call("link_user_authn_provider", {
        username: "root",
        provider_id: "whmcs",
        subject_unique_identifier: subject,
        preferred_username: subject,
      });
      try {
        const callback = (await client.follow(start, isCallback)).url;
        const stranger = await new RedirectClient().request(callback);
        assert.equal(stranger.status, 400);
        assert.match(stranger.text, /invalid_session/);
        const own = await client.follow(callback);
        assert.match(own.url, /\/cpsess\d{10}\/api-shell\/index\.html$/);
      } finally {
        await unlinkRoot();
      }
    });
  });

  describe("34.8: sessions keep the creating token's whitelist_ip", () => {
    it("refuses a session from an address its token was not allowed", async () => {
      const { token } = await createToken({
        tenant: "local",
        user: "root",
        name: "allow-listed",
        acls: ["all"],
        whitelistIps: ["127.0.0.1"],
      });
      const session = await login(
        (await stack.call("create_user_session", { user: "root", service: "whostmgrd" }, { token })).json
          .data,
      );
      const from = (localAddress: string) =>
        callFrom(`${stack.url}${session.prefix}/json-api/api_token_list?api.version=1`, {
          localAddress,
          headers: { cookie: session.cookie },
        });
      assert.equal((await from("127.0.0.1")).status, 200);
      assert.equal((await from("127.0.0.22")).status, 403);
    });
  });

  describe("34.9: authentication comes before the body", () => {
    const nested = `{"a":${'{"a":'.repeat(200_000)}1${"}".repeat(200_000)}}`;
    const post = (authorization?: string) =>
      callFrom(`${stack.url}/json-api/get_users_authn_linked_accounts`, {
        localAddress: "127.0.0.23",
        method: "POST",
        headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) },
        body: nested,
      });

    it("answers an unauthenticated deeply nested body with cpsrvd's 403", async () => {
      const answer = await post();
      assert.equal(answer.status, 403);
      assert.equal(JSON.parse(answer.body).cpanelresult.error, "Access denied");
    });

    it("answers an authenticated one as invalid JSON", async () => {
      const answer = await post(`whm root:${stack.rootToken}`);
      assert.equal(JSON.parse(answer.body).metadata.reason, "The request body is not a valid JSON object.");
    });
  });
});
