import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { db } from "../../lambdas/stores/dynamo.js";
import { createTenantWithRootToken } from "../../lambdas/stores/tenants.js";
import { createToken } from "../../lambdas/stores/tokens.js";
import { startTestStack, type TestStack } from "../helpers/local-stack.js";
import { RedirectClient } from "../helpers/redirect-client.js";
import { seedDirectory } from "../helpers/whm-accounts.js";

/**
 * The audit trail through HTTP: the acceptance scenario (a provider secret, a token created and
 * revoked, the two-factor policy, a sign-in and a failed one), then what other tenants and a
 * reseller see of it.
 */
const CLIENT_SECRET = "AUDIT-CLIENT-SECRET-7d21";
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe("the audit trail (audit_event_list)", () => {
  let stack: TestStack;
  let started: number;
  let createdToken: string;
  let events: Array<Record<string, string>>;
  let listing: string;

  before(async () => {
    stack = await startTestStack({ signIn: true });
    await seedDirectory("local");
    started = Math.floor(Date.now() / 1000);
    const ok = async (fn: string, params: Record<string, string>) => {
      const answer = await stack.call(fn, params);
      assert.equal(answer.json.metadata.result, 1, `${fn}: ${answer.text}`);
      return answer.json.data;
    };
    await ok("set_provider_client_configurations", {
      provider_id: "google",
      service_name: "cpaneld",
      configurations: JSON.stringify({ client_id: "id", client_secret: CLIENT_SECRET }),
    });
    createdToken = (await ok("api_token_create", { token_name: "ci", acl: "list-accts" })).token;
    await ok("api_token_revoke", { token_name: "ci" });
    await ok("twofactorauth_enable_policy", {});
    const subject = stack.signIn?.testSubject ?? "";
    await ok("link_user_authn_provider", {
      username: "root",
      provider_id: "whmcs",
      subject_unique_identifier: subject,
      preferred_username: subject,
    });
    const start = stack.signIn?.startUrl ?? "";
    const signedIn = await new RedirectClient().follow(start);
    assert.match(signedIn.url, /\/cpsess\d{10}\/api-shell\/index\.html$/);
    const forged = await new RedirectClient().request(
      new URL("/openid_connect_callback/whmcs?code=x&state=forged", start).toString(),
    );
    assert.equal(forged.status, 400);
    const answer = await stack.call("audit_event_list", { since: String(started) });
    listing = answer.text;
    events = answer.json.data.events;
  });
  after(() => stack?.stop());

  it("lists exactly the scenario's events, newest first, each with actor, address, function, target and outcome", () => {
    const shape = events.map((event) => [
      event.function,
      event.actor,
      event.target,
      event.outcome,
      event.detail,
    ]);
    assert.deepEqual(shape, [
      ["openid_connect_callback", "-", "whmcs", "refused", "expired_session"],
      ["openid_connect_callback", "root", "root", "ok", "signed in with whmcs"],
      ["link_user_authn_provider", "root", `whmcs/${stack.signIn?.testSubject}`, "ok", "linked"],
      ["twofactorauth_enable_policy", "root", "policy", "ok", "enabled"],
      ["api_token_revoke", "root", "root/ci", "ok", "revoked"],
      ["api_token_create", "root", "root/ci", "ok", "created"],
      [
        "set_provider_client_configurations",
        "root",
        "google",
        "ok",
        "client configuration set: client_id, client_secret",
      ],
    ]);
    for (const event of events) {
      assert.match(event.at ?? "", ISO);
      assert.equal(event.source_ip, "127.0.0.1");
      assert.match(event.request_id ?? "", /^[0-9a-f-]{36}$/);
    }
    const byToken = events.filter((event) => event.via === "token");
    assert.equal(byToken.length, 5, "the five function calls were made with the root token");
    assert.ok(byToken.every((event) => event.token_name === "root"));
    assert.deepEqual(
      events.filter((event) => event.via === "sign-in").map((event) => event.outcome),
      ["refused", "ok"],
    );
  });

  it("shows nothing secret: no client secret, API token or root token", () => {
    for (const value of [CLIENT_SECRET, createdToken, stack.rootToken])
      assert.ok(!listing.includes(value), `the trail shows ${value.slice(0, 4)}…`);
  });

  it("filters by function, actor, target and outcome, and by time", async () => {
    const only = async (params: Record<string, string>) =>
      (await stack.call("audit_event_list", { since: String(started), ...params })).json.data.events.map(
        (event: Record<string, string>) => event.detail,
      );
    assert.deepEqual(await only({ function: "api_token_revoke" }), ["revoked"]);
    assert.deepEqual(await only({ target: "root/ci" }), ["revoked", "created"]);
    assert.deepEqual(await only({ outcome: "refused" }), ["expired_session"]);
    assert.deepEqual(await only({ actor: "-" }), ["expired_session"]);
    assert.deepEqual(await only({ until: String(started - 60) }), []);
  });

  it("chunks with api.chunk (WHM's start and size), newest first, each event once", async () => {
    const seen: string[] = [];
    for (let start = 1; start <= events.length; start += 3) {
      const answer = await stack.call("audit_event_list", {
        since: String(started),
        "api.chunk.enable": "1",
        "api.chunk.size": "3",
        "api.chunk.start": String(start),
      });
      assert.equal(answer.json.metadata.chunk.records, events.length);
      seen.push(
        ...answer.json.data.events.map(
          (event: Record<string, string>) => `${event.request_id}${event.detail}`,
        ),
      );
    }
    assert.deepEqual(
      seen,
      events.map((event) => `${event.request_id}${event.detail}`),
    );
  });

  it("shows another tenant's root none of them", async () => {
    const other = await createTenantWithRootToken({ id: "other", hostname: "other.example" });
    const answer = await stack.call("audit_event_list", {}, { token: other });
    assert.equal(answer.json.metadata.result, 1);
    assert.deepEqual(answer.json.data.events, []);
  });

  it("shows a reseller only the events about its own accounts", async () => {
    const res1 = (await createToken({ tenant: "local", user: "res1", name: "audit", acls: ["list-accts"] }))
      .token;
    for (const username of ["bob", "dave"]) {
      const linked = await stack.call("link_user_authn_provider", {
        username,
        provider_id: "whmcs",
        subject_unique_identifier: `subject-of-${username}`,
        preferred_username: username,
      });
      assert.equal(linked.json.metadata.result, 1, linked.text);
    }
    const seen = (
      await stack.call("audit_event_list", { since: String(started) }, { token: res1, user: "res1" })
    ).json.data.events as Array<Record<string, string>>;
    assert.deepEqual(
      seen.map((event) => [event.user, event.target]),
      [["bob", "whmcs/subject-of-bob"]],
      "bob is res1's account; dave is res2's, root's events are root's",
    );
  });

  it("pages through a long trail with the cursor of metadata.chunk.next", async () => {
    const kept = process.env.LIST_PAGE_ITEMS;
    process.env.LIST_PAGE_ITEMS = "3";
    try {
      const seen: string[] = [];
      let next: string | undefined;
      do {
        const answer = await stack.call("audit_event_list", {
          since: String(started),
          ...(next ? { "api.chunk.after": next } : {}),
        });
        seen.push(
          ...answer.json.data.events.map(
            (event: Record<string, string>) => `${event.request_id}${event.detail}`,
          ),
        );
        next = answer.json.metadata.chunk?.next;
      } while (next);
      assert.deepEqual(
        seen.slice(-events.length),
        events.map((event) => `${event.request_id}${event.detail}`),
      );
    } finally {
      if (kept === undefined) delete process.env.LIST_PAGE_ITEMS;
      else process.env.LIST_PAGE_ITEMS = kept;
    }
  });

  it("writes neither the change nor its event when the event cannot be written (one transaction)", async () => {
    // The fault sits between the change and its event: DynamoDB refuses the event's part of the
    // transaction, as it would an event it cannot store.
    db().middlewareStack.add(
      (next) => async (args) => {
        const input = args.input as {
          TransactItems?: Array<{ Put?: { Item: { pk: string }; ConditionExpression?: string } }>;
        };
        for (const item of input.TransactItems ?? [])
          if (item.Put?.Item.pk.startsWith("AUDIT#")) item.Put.ConditionExpression = "attribute_exists(pk)";
        return next(args);
      },
      { step: "initialize", name: "auditFault" },
    );
    try {
      const before = await stack.call("audit_event_list", { since: String(started) });
      const created = await stack.call("api_token_create", { token_name: "faulty" });
      assert.equal(created.json.metadata.result, 0);
      const policy = await stack.call("twofactorauth_disable_policy");
      assert.equal(policy.json.metadata.result, 0);
      db().middlewareStack.remove("auditFault");
      const tokens = await stack.call("api_token_list");
      assert.ok(!("faulty" in tokens.json.data.tokens), "no token without its event");
      assert.equal(
        (await stack.call("twofactorauth_policy_status")).json.data.is_enabled,
        1,
        "the policy stayed on",
      );
      const after = await stack.call("audit_event_list", { since: String(started) });
      assert.deepEqual(after.json.data.events, before.json.data.events, "no event without its change");
    } finally {
      db().middlewareStack.remove("auditFault");
    }
  });

  it("records a session made with create_user_session and its logout, as the session's user", async () => {
    // `since` counts whole seconds: start on a fresh one, so earlier tests' events stay out.
    await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000)));
    const from = Math.floor(Date.now() / 1000);
    const session = (await stack.call("create_user_session", { user: "root", service: "whostmgrd" })).json
      .data;
    const browser = new RedirectClient();
    const landed = await browser.follow(session.url);
    const cpsess = /\/cpsess\d{10}/.exec(landed.url)?.[0];
    assert.ok(cpsess, landed.url);
    const out = await browser.request(new URL(`${cpsess}/logout/`, session.url).toString());
    assert.equal(out.status, 200);
    const trail = (await stack.call("audit_event_list", { since: String(from) })).json.data.events as Array<
      Record<string, string>
    >;
    assert.deepEqual(
      trail.map((event) => [event.function, event.via, event.detail]),
      [
        ["session_logout", "session", "session ended"],
        ["create_user_session", "token", "session created for whostmgrd"],
      ],
    );
  });
});
