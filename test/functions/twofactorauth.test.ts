import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createToken } from "../../lambdas/stores/tokens.js";
import { startTestStack, type TestStack } from "../helpers/local-stack.js";
import { codeAt } from "../helpers/totp.js";
import { seedDirectory } from "../helpers/whm-accounts.js";

const xid = (text: string) =>
  new RegExp(`^\\(XID [a-z2-9]{6}\\) ${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);

describe("two-factor authentication (twofactorauth_*)", () => {
  let stack: TestStack;
  let res1: string;
  let bob: string;
  before(async () => {
    process.env.TFA_FAILURES_PER_USER = "3";
    stack = await startTestStack();
    await seedDirectory("local");
    const basic = ["basic-whm-functions"];
    res1 = (await createToken({ tenant: "local", user: "res1", name: "r", acls: basic })).token;
    bob = (await createToken({ tenant: "local", user: "bob", name: "b", acls: basic })).token;
  });
  after(() => stack.stop());

  const as = (user: string, token: string) => ({ user, token });

  it("turns the tenant's policy on and off; only a root-level caller may", async () => {
    const status = async () => (await stack.call("twofactorauth_policy_status")).json.data.is_enabled;
    assert.equal(await status(), 0);
    assert.equal((await stack.call("twofactorauth_enable_policy")).json.metadata.result, 1);
    assert.equal(await status(), 1);
    const refused = await stack.call("twofactorauth_disable_policy", {}, as("res1", res1));
    assert.match(refused.json.metadata.reason, /“all”/);
    assert.equal((await stack.call("twofactorauth_disable_policy")).json.metadata.result, 1);
    assert.equal(await status(), 0);
  });

  it("validates the issuer with WHM's text, strips one pair of quotes, and clears it when empty", async () => {
    const bad = await stack.call("twofactorauth_set_issuer", { issuer: "no/slashes" });
    assert.equal(bad.json.metadata.result, 0);
    assert.match(
      bad.json.metadata.reason,
      /^Failed to set issuer: \(XID [a-z2-9]{6}\) The “issuer” parameter must be less than or equal to 32 characters in length\. It can only use spaces and the following characters: a-z A-Z 0-9 \. _ -$/,
    );
    await stack.call("twofactorauth_set_issuer", { issuer: '"Acme Hosting"' });
    assert.deepEqual((await stack.call("twofactorauth_get_issuer")).json.data, {
      issuer: "Acme Hosting",
      system_wide_issuer: "Acme Hosting",
    });
    await stack.call("twofactorauth_set_issuer", { issuer: "" });
    const cleared = (await stack.call("twofactorauth_get_issuer")).json.data;
    assert.equal(cleared.system_wide_issuer, cleared.issuer);
    assert.notEqual(cleared.issuer, "Acme Hosting");
  });

  it("falls back from a reseller's issuer to its owner's, then the system-wide one", async () => {
    await stack.call("twofactorauth_set_issuer", { issuer: "Tenant Wide" });
    await stack.call("twofactorauth_set_issuer", { issuer: "Res One" }, as("res1", res1));
    assert.equal(
      (await stack.call("twofactorauth_get_issuer", {}, as("res1", res1))).json.data.issuer,
      "Res One",
    );
    assert.equal(
      (await stack.call("twofactorauth_get_issuer", {}, as("bob", bob))).json.data.issuer,
      "Res One",
    );
    await stack.call("twofactorauth_set_issuer", { issuer: "" }, as("res1", res1));
    assert.equal(
      (await stack.call("twofactorauth_get_issuer", {}, as("bob", bob))).json.data.issuer,
      "Tenant Wide",
    );
  });

  it("generates a 16-character base32 secret and WHM's otpauth URI, storing nothing", async () => {
    const { data } = (await stack.call("twofactorauth_generate_tfa_config", {}, as("bob", bob))).json;
    assert.match(data.secret, /^[A-Z2-7]{16}$/);
    assert.equal(
      data.otpauth_str,
      `otpauth://totp/Tenant%20Wide:bob?secret=${data.secret}&issuer=Tenant%20Wide`,
    );
    const configs = (await stack.call("twofactorauth_get_user_configs", { user: "bob" })).json.data;
    assert.equal(configs.bob.is_enabled, 0);
  });

  it("configures a secret proven by a current code, refuses a wrong code and an invalid secret", async () => {
    const { secret } = (await stack.call("twofactorauth_generate_tfa_config", {}, as("bob", bob))).json.data;
    const invalid = await stack.call(
      "twofactorauth_set_tfa_config",
      { secret: "not base32!", tfa_token: "123456" },
      as("bob", bob),
    );
    assert.match(invalid.json.metadata.reason, xid("Missing or Invalid: “secret”"));
    const wrong = await stack.call(
      "twofactorauth_set_tfa_config",
      { secret, tfa_token: "000000" },
      as("bob", bob),
    );
    assert.equal(wrong.json.metadata.reason, "The security code is invalid.");
    const set = await stack.call(
      "twofactorauth_set_tfa_config",
      { secret, tfa_token: codeAt(secret) },
      as("bob", bob),
    );
    assert.deepEqual(set.json.data, { success: 1 });
    assert.equal(
      (await stack.call("twofactorauth_get_user_configs", { user: "bob" })).json.data.bob.is_enabled,
      1,
    );
  });

  it("accepts a code once: the same secret and code cannot configure again", async () => {
    const { secret } = (await stack.call("twofactorauth_generate_tfa_config")).json.data;
    const code = codeAt(secret);
    assert.equal(
      (await stack.call("twofactorauth_set_tfa_config", { secret, tfa_token: code })).json.metadata.result,
      1,
    );
    const replay = await stack.call("twofactorauth_set_tfa_config", { secret, tfa_token: code });
    assert.equal(replay.json.metadata.reason, "The security code is invalid.");
  });

  it("limits wrong codes per user: after the limit even a right code waits", async () => {
    const { secret } = (await stack.call("twofactorauth_generate_tfa_config", {}, as("res1", res1))).json
      .data;
    for (let i = 0; i < 3; i++)
      await stack.call("twofactorauth_set_tfa_config", { secret, tfa_token: "999999" }, as("res1", res1));
    const locked = await stack.call(
      "twofactorauth_set_tfa_config",
      { secret, tfa_token: codeAt(secret) },
      as("res1", res1),
    );
    assert.match(
      locked.json.metadata.reason,
      /^Too many invalid security codes were given for this user\. Try again in \d+ seconds\.$/,
    );
  });

  it("reports each user the caller may manage, root with the tenant's host name, never a secret", async () => {
    const all = (await stack.call("twofactorauth_get_user_configs")).json;
    assert.deepEqual(Object.keys(all.data).sort(), ["bob", "carol", "dave", "erin", "res1", "res2", "root"]);
    assert.deepEqual(all.data.root, { is_enabled: 1, primary_domain: "localhost" });
    assert.deepEqual(all.data.bob, { is_enabled: 1, primary_domain: "bob.example" });
    assert.deepEqual(
      Object.keys(all.data)
        .filter((user) => all.data[user].is_enabled)
        .sort(),
      ["bob", "root"],
    );
    assert.doesNotMatch(JSON.stringify(all), /secret/i);
    const mine = (await stack.call("twofactorauth_get_user_configs", {}, as("res1", res1))).json.data;
    assert.deepEqual(Object.keys(mine).sort(), ["bob", "carol"]);
    const other = await stack.call("twofactorauth_get_user_configs", { user: "dave" }, as("res1", res1));
    assert.equal(other.json.metadata.reason, "You do not have access to an account named “dave”.");
  });

  it("removes users' configurations, listing the ones the caller may not modify with WHM's reason", async () => {
    assert.equal(
      (await stack.call("twofactorauth_remove_user_config")).json.metadata.reason,
      "No users specified.",
    );
    const { json } = await stack.call(
      "twofactorauth_remove_user_config",
      { user: "bob", "user-1": "dave" },
      as("res1", res1),
    );
    assert.deepEqual(json.data.users_modified, ["bob"]);
    assert.match(
      json.data.failed.dave,
      /^You are not authorized to modify “dave”: \(XID [a-z2-9]{6}\) You do not have access to an account named “dave”\.$/,
    );
    const ghost = await stack.call("twofactorauth_remove_user_config", { user: "ghost" });
    assert.match(ghost.json.data.failed.ghost, /You do not have a user named “ghost”\.$/);
    assert.equal(
      (await stack.call("twofactorauth_get_user_configs", { user: "bob" })).json.data.bob.is_enabled,
      0,
    );
  });
});
