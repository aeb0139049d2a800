import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { putAccount } from "../../lambdas/stores/accounts.js";
import { findLinkedUser } from "../../lambdas/stores/links.js";
import { createToken } from "../../lambdas/stores/tokens.js";
import { apiFailure } from "../helpers/api-failure.js";
import { startTestStack, type TestStack } from "../helpers/local-stack.js";
import { enableGoogle } from "../helpers/providers.js";
import { seedDirectory } from "../helpers/whm-accounts.js";

describe("link_user_authn_provider, unlink_user_authn_provider, get_users_authn_linked_accounts", () => {
  let stack: TestStack;
  before(async () => {
    stack = await startTestStack();
    await seedDirectory("local");
    await enableGoogle(stack);
  });
  after(() => stack.stop());

  const link = (username: string, subject: string, provider_id = "google") =>
    stack.call("link_user_authn_provider", {
      username,
      provider_id,
      subject_unique_identifier: subject,
      preferred_username: `${username}@example.com`,
    });
  const list = async () =>
    (await stack.call("get_users_authn_linked_accounts")).json.data.username_linked_accounts;

  it("links a user and lists the link", async () => {
    const { json } = await link("bob", "sub-1");
    assert.deepEqual(json, {
      metadata: { version: 1, reason: "OK", result: 1, command: "link_user_authn_provider" },
    });
    const [entry] = await list();
    assert.equal(typeof entry.link_time, "number");
    assert.deepEqual(
      { ...entry, link_time: 0 },
      {
        username: "bob",
        provider_protocol: "openid_connect",
        provider_id: "google",
        subject_unique_identifier: "sub-1",
        link_time: 0,
        preferred_username: "bob@example.com",
      },
    );
    assert.equal(await findLinkedUser("local", "google", "sub-1"), "bob");
  });

  it("refuses to link an identity that is already linked to another user", async () => {
    await link("carol", "sub-2");
    const { json } = await link("dave", "sub-2");
    assert.equal(json.metadata.reason, "The “google” identity “sub-2” is already linked to another user.");
    assert.equal(await findLinkedUser("local", "google", "sub-2"), "carol");
  });

  it("unlinks only the named user's link, refusing a link the user does not have", async () => {
    await link("erin", "sub-3");
    const other = await stack.call("unlink_user_authn_provider", {
      username: "bob",
      provider_id: "google",
      subject_unique_identifier: "sub-3",
    });
    assert.match(
      other.json.metadata.reason,
      /^API failure: \(XID [a-z2-9]{6}\) The value of the parameter “subject_unique_identifier” is not valid for this user\.$/,
    );
    assert.equal(await findLinkedUser("local", "google", "sub-3"), "erin");
    const { json } = await stack.call("unlink_user_authn_provider", {
      username: "erin",
      provider_id: "google",
      subject_unique_identifier: "sub-3",
    });
    assert.equal(json.metadata.result, 1);
    assert.equal(await findLinkedUser("local", "google", "sub-3"), undefined);
  });

  it("refuses missing arguments and unknown providers", async () => {
    const missing = await stack.call("link_user_authn_provider", {
      username: "bob",
      provider_id: "google",
      subject_unique_identifier: "s",
    });
    assert.match(
      missing.json.metadata.reason,
      apiFailure(
        "Provide the “preferred_username” parameter for the “Whostmgr::API::1::Accounts::link_user_authn_provider” function.",
      ),
    );
    const unknown = await link("bob", "s", "orkut");
    assert.match(unknown.json.metadata.reason, apiFailure("The requested provider “orkut” is not valid."));
    const empty = await stack.call("unlink_user_authn_provider", {
      username: "",
      provider_id: "google",
      subject_unique_identifier: "s",
    });
    assert.match(empty.json.metadata.reason, apiFailure("The value of “username” may not be empty."));
  });

  it("refuses a user that does not exist", async () => {
    const { json } = await link("ghost", "sub-4");
    assert.match(
      json.metadata.reason,
      /^API failure: \(XID [a-z2-9]{6}\) You do not have a user named “ghost”\.$/,
    );
  });

  it("lets a reseller whose directory entry holds “all” act as root, and no other reseller", async () => {
    await putAccount("local", {
      user: "resall",
      kind: "reseller",
      owner: "root",
      acls: ["all"],
      suspended: false,
    });
    const { token } = await createToken({ tenant: "local", user: "resall", name: "all", acls: ["all"] });
    const claimed = await createToken({ tenant: "local", user: "res1", name: "all", acls: ["all"] });
    const notRoot = await stack.call(
      "link_user_authn_provider",
      {
        username: "bob",
        provider_id: "google",
        subject_unique_identifier: "r-claimed",
        preferred_username: "x",
      },
      { token: claimed.token, user: "res1" },
    );
    assert.equal(notRoot.json.metadata.result, 0, "a token claims no privilege its user's account lacks");
    const reseller = (username: string) =>
      stack.call(
        "link_user_authn_provider",
        {
          username,
          provider_id: "google",
          subject_unique_identifier: `r-${username}`,
          preferred_username: "x",
        },
        { token, user: "resall" },
      );
    assert.equal((await reseller("bob")).json.metadata.result, 1);
    assert.equal((await reseller("dave")).json.metadata.result, 1, "a token holding all acts as root");
  });

  it("refuses a reseller without the “all” privilege", async () => {
    const narrow = await createToken({ tenant: "local", user: "res1", name: "narrow", acls: ["list-accts"] });
    const denied = await stack.call(
      "unlink_user_authn_provider",
      { username: "dave", provider_id: "google", subject_unique_identifier: "r-dave" },
      { token: narrow.token, user: "res1" },
    );
    assert.match(denied.json.metadata.reason, /the “all” privilege/);
  });

  it("refuses a provider that is not enabled on any service", async () => {
    const { json } = await link("bob", "sub-5", "facebook");
    assert.match(
      json.metadata.reason,
      apiFailure(
        "The provider “facebook” is not enabled for any services with OpenID Connect authentication.",
      ),
    );
  });
});
