import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { getAccount } from "../../lambdas/stores/accounts.js";
import { listLinks } from "../../lambdas/stores/links.js";
import { listSessions } from "../../lambdas/stores/sessions.js";
import { createTenantWithRootToken } from "../../lambdas/stores/tenants.js";
import { createToken, listTokens } from "../../lambdas/stores/tokens.js";
import { startTestStack, type TestStack } from "../helpers/local-stack.js";
import { enableGoogle } from "../helpers/providers.js";
import { listacctsOutput, listacctsRow, listresellersOutput } from "../helpers/whm-accounts.js";

describe("servers push their accounts to the directory (POST /directory/accounts)", () => {
  let stack: TestStack;
  let syncToken: string;
  before(async () => {
    stack = await startTestStack();
    syncToken = (
      await createToken({ tenant: "local", user: "root", name: "srv-sync", acls: ["directory-sync"] })
    ).token;
    await enableGoogle(stack);
  });
  after(() => stack.stop());

  const push = async (body: unknown, token = syncToken) => {
    const response = await fetch(`${stack.url}/directory/accounts`, {
      method: "POST",
      headers: { authorization: `whm root:${token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return { status: response.status, json: (await response.json()) as Record<string, any> };
  };
  const exportOf = (users: string[], server = "srv1") => ({
    server,
    listaccts: listacctsOutput(
      users.map((user) => listacctsRow(user, { owner: user === "bob" ? "res1" : "root" })),
    ),
    listresellers: listresellersOutput(["res1"]),
    resellers: "res1:list-accts\n",
  });

  it("adds a server's accounts, then a repeated push changes nothing", async () => {
    const first = await push(exportOf(["res1", "bob", "carol"]));
    assert.equal(first.json.metadata.result, 1, first.json.metadata.reason);
    assert.deepEqual(first.json.data, { added: 3, updated: 0, unchanged: 0, removed: [] });
    const again = await push(exportOf(["res1", "bob", "carol"]));
    assert.deepEqual(again.json.data, { added: 0, updated: 0, unchanged: 3, removed: [] });
  });

  it("leaves accounts of other servers alone", async () => {
    const srv2 = await createToken({
      tenant: "local",
      user: "root",
      name: "sync-srv2",
      acls: ["directory-sync"],
    });
    const other = await push(exportOf(["zoe"], "srv2"), srv2.token);
    assert.deepEqual(other.json.data, { added: 1, updated: 0, unchanged: 0, removed: [] });
    assert.ok(await getAccount("local", "carol"));
  });

  it("removes an account the server no longer reports, with its links, tokens and sessions", async () => {
    await stack.call("link_user_authn_provider", {
      username: "carol",
      provider_id: "google",
      subject_unique_identifier: "carol-subject",
      preferred_username: "carol@example",
    });
    await createToken({ tenant: "local", user: "carol", name: "carols", acls: [] });
    const session = await stack.call("create_user_session", { user: "carol", service: "cpaneld" });
    const login = await fetch(session.json.data.url, { redirect: "manual" });
    await login.text();
    assert.equal((await listSessions("local")).filter((s) => s.user === "carol").length, 1);

    const result = await push(exportOf(["res1", "bob"]));
    assert.deepEqual(result.json.data, { added: 0, updated: 0, unchanged: 2, removed: ["carol"] });
    assert.equal(await getAccount("local", "carol"), undefined);
    assert.ok(!(await listLinks("local")).some((link) => link.username === "carol"));
    assert.deepEqual(await listTokens("local", "carol"), []);
    assert.equal((await listSessions("local")).filter((s) => s.user === "carol").length, 0);
    const gone = await stack.call("create_user_session", { user: "carol", service: "cpaneld" });
    assert.equal(
      gone.json.metadata.reason,
      "You cannot create a session for the user “carol” because they do not exist.",
    );
  });

  it("needs the directory-sync privilege, and refuses what is not WHM's output", async () => {
    const plain = (await createToken({ tenant: "local", user: "root", name: "plain", acls: ["list-accts"] }))
      .token;
    const refused = await push(exportOf(["res1"]), plain);
    assert.match(refused.json.metadata.reason, /directory-sync/);
    const bad = await push({ server: "srv1", listaccts: { data: { acct: 5 } } });
    assert.equal(bad.json.metadata.reason, "“listaccts” is not the output of whmapi1 listaccts.");
    const unauthenticated = await push(exportOf(["res1"]), "X".repeat(32));
    assert.equal(unauthenticated.status, 403);
  });

  describe("a push that is not a successful listaccts changes nothing (issue 33)", () => {
    const failed = [
      ["whmapi1's error answer", { metadata: { result: 0, reason: "License is not valid" } }],
      ["another document", { not: "listaccts" }],
      ["a list", []],
      ["an empty data object", { data: { acct: [] } }],
    ] as const;
    for (const [what, listaccts] of failed) {
      it(`refuses ${what} and removes no account`, async () => {
        const answer = await push({ server: "srv1", listaccts });
        assert.equal(answer.json.metadata.result, 0);
        assert.match(answer.json.metadata.reason, /listaccts/);
        assert.ok(await getAccount("local", "bob"));
        assert.ok(await getAccount("local", "res1"));
      });
    }

    it("quotes whmapi1's reason when the server's call failed", async () => {
      const answer = await push({
        server: "srv1",
        listaccts: { metadata: { result: 0, reason: "License is not valid" } },
      });
      assert.match(answer.json.metadata.reason, /License is not valid/);
    });

    it("needs confirm_removals to remove most of a server's accounts, and empty_server to remove all", async () => {
      const srv3 = await createToken({
        tenant: "local",
        user: "root",
        name: "sync-srv3",
        acls: ["directory-sync"],
      });
      const users = Array.from({ length: 12 }, (_, i) => `srv3user${i}`);
      assert.equal((await push(exportOf(users, "srv3"), srv3.token)).json.metadata.result, 1);
      const most = await push(exportOf(users.slice(0, 2), "srv3"), srv3.token);
      assert.equal(most.json.metadata.result, 0);
      assert.match(most.json.metadata.reason, /would remove 10 of the 12 accounts/);
      assert.ok(await getAccount("local", "srv3user11"));
      const confirmed = await push(
        { ...exportOf(users.slice(0, 2), "srv3"), confirm_removals: true },
        srv3.token,
      );
      assert.equal(confirmed.json.data.removed.length, 10);
      const none = await push({ ...exportOf([], "srv3") }, srv3.token);
      assert.equal(none.json.metadata.result, 0);
      assert.ok(await getAccount("local", "srv3user0"));
      const empty = await push({ ...exportOf([], "srv3"), empty_server: true }, srv3.token);
      assert.deepEqual(empty.json.data.removed, ["srv3user0", "srv3user1"]);
    });
  });

  it("keeps each tenant's directory to itself", async () => {
    const other = await createTenantWithRootToken({ id: "other", hostname: "other.example" });
    const pushed = await push(exportOf(["mallory"]), other);
    assert.equal(pushed.json.metadata.result, 1);
    assert.equal(await getAccount("local", "mallory"), undefined);
    assert.ok(await getAccount("other", "mallory"));
  });
});
