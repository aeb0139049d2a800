import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import * as oidc from "openid-client";
import { scanAll } from "../../lambdas/stores/dynamo.js";
import { createTenantWithRootToken } from "../../lambdas/stores/tenants.js";
import { setPolicy } from "../../lambdas/stores/two-factor.js";
import { LOCAL_TENANT } from "../../local/stack.js";
import { authorizationRequest, discover } from "../helpers/fleet-client.js";
import { linkStandInUserToRoot, startTestStack, type TestStack } from "../helpers/local-stack.js";
import { addPasskey, signedInBrowser } from "../helpers/passkeys.js";
import { RedirectClient } from "../helpers/redirect-client.js";
import { embeddedOptions, SoftAuthenticator } from "../helpers/soft-authenticator.js";

/**
 * Passkeys over real HTTP on the local stack, answered by a software authenticator
 * (test/helpers/soft-authenticator.ts) so that each refusal can be produced exactly: the server
 * verifies with @simplewebauthn/server. Chromium's virtual authenticator: test/web/passkeys-browser.test.ts.
 */
const WHM_CALLBACK = "https://srv1.example.test:2087/openid_connect_callback/whmcs";

/**
 * The table, without what any request may change (failure counters, audit events, sign-in steps,
 * a session's last use); a session started still shows in its tenant's index.
 */
const snapshot = async () =>
  JSON.stringify(
    (await scanAll({}))
      .filter((item) => !/^(AUTHFAIL|AUDIT|SIGNIN|SESSION)#/.test(String(item.pk)))
      .sort((a, b) => `${a.pk}${a.sk}`.localeCompare(`${b.pk}${b.sk}`)),
  );

describe("passkeys: registration from a session, sign-in alone and as the second factor", () => {
  let stack: TestStack;
  /** The local tenant's host (localhost) and another tenant's (127.0.0.1), both on the stack's port. */
  let origin: string;
  let otherOrigin: string;
  let otherToken: string;
  const authenticator = new SoftAuthenticator();

  /** GET the passkey sign-in page at `at`, answer its challenge; the POST's answer and the browser. */
  const signIn = async (
    at: string,
    answer: (options: { challenge: string; rpId?: string }) => string,
    client = new RedirectClient(),
    query = "",
  ) => {
    const page = await client.request(`${at}/openid/passkey${query}`);
    assert.equal(page.status, 200, page.text);
    const credential = answer(embeddedOptions(page.text));
    const posted = await client.request(`${at}/openid/passkey`, {
      method: "POST",
      body: new URLSearchParams({ credential }),
    });
    return { posted, client, credential };
  };
  const code = (text: string) => /data-code="([^"]+)"/.exec(text)?.[1];

  before(async () => {
    stack = await startTestStack({ signIn: true });
    origin = new URL(stack.signIn?.startUrl ?? "").origin;
    otherOrigin = origin.replace("localhost", "127.0.0.1");
    otherToken = await createTenantWithRootToken({ id: "globex", hostname: "127.0.0.1" });
    const session = await signedInBrowser(origin, stack.url, stack.rootToken);
    const added = await addPasskey(session, origin, authenticator, { name: "Laptop" });
    assert.equal(added.status, 302, added.text);
  });
  after(() => stack.stop());

  it("lists the passkey a session added for root, named, never with its key", async () => {
    const { json } = await stack.call("list_passkeys", { user: "root" });
    assert.equal(json.metadata.result, 1, json.metadata.reason);
    const [passkey] = json.data.passkeys;
    assert.equal(passkey.name, "Laptop");
    assert.equal(passkey.user, "root");
    assert.equal(passkey.credential_id, authenticator.credentials[0]?.id.toString("base64url"));
    assert.equal(passkey.device_type, "singleDevice");
    assert.doesNotMatch(JSON.stringify(json), /public_key|publicKey/);
  });

  it("offers a discoverable sign-in at the host: its RP id, user verification required, no passkeys named", async () => {
    const page = await new RedirectClient().request(`${origin}/openid/passkey`);
    const options = embeddedOptions<Record<string, unknown>>(page.text);
    assert.equal(options.rpId, "localhost");
    assert.equal(options.userVerification, "required");
    assert.deepEqual(options.allowCredentials ?? [], []);
    assert.match(page.contentSecurityPolicy, /script-src 'sha256-[^']+';/);
  });

  it("signs root in with the passkey alone: a session in the API Shell", async () => {
    const { posted, client } = await signIn(origin, (options) => authenticator.signIn(options, origin));
    assert.equal(posted.status, 302, posted.text);
    assert.match(posted.location ?? "", /\/cpsess\d{10}\/api-shell\/index\.html$/);
    const prefix = /\/cpsess\d{10}/.exec(posted.location ?? "")?.[0];
    const listed = await client.request(`${origin}${prefix}/json-api/list_passkeys?api.version=1`);
    assert.equal(JSON.parse(listed.text).metadata.result, 1);
    const { json } = await stack.call("list_passkeys");
    assert.ok(json.data.passkeys[0].last_used > 0, "its use is recorded");
  });

  it("answers a tenant server's sign-in with amr hwk in the ID token", async () => {
    const { json } = await stack.call("register_openid_connect_client", {
      name: "srv1",
      redirect_uri: WHM_CALLBACK,
    });
    const config = await discover(origin, json.data.client.client_id, json.data.client_secret);
    const request = await authorizationRequest(config, WHM_CALLBACK);
    const client = new RedirectClient();
    const login = await client.follow(request.url);
    const href = /href="([^"]*openid\/passkey[^"]*)"/.exec(login.text)?.[1]?.replaceAll("&amp;", "&") ?? "";
    const { posted } = await signIn(
      origin,
      (options) => authenticator.signIn(options, origin),
      client,
      href.slice(href.indexOf("?")),
    );
    assert.ok(posted.location?.startsWith(WHM_CALLBACK), posted.text);
    const tokens = await oidc.authorizationCodeGrant(config, new URL(posted.location ?? ""), request.checks);
    assert.deepEqual(tokens.claims()?.amr, ["hwk"]);
    assert.equal(tokens.claims()?.preferred_username, "root");
  });

  it("refuses a replayed answer: the challenge is single use", async () => {
    const first = await signIn(origin, (options) => authenticator.signIn(options, origin));
    assert.equal(first.posted.status, 302);
    const before = await snapshot();
    const again = await first.client.request(`${origin}/openid/passkey`, {
      method: "POST",
      body: new URLSearchParams({ credential: first.credential }),
    });
    assert.equal(code(again.text), "expired_session");
    assert.equal(await snapshot(), before);
  });

  it("refuses an answer made for another origin", async () => {
    const before = await snapshot();
    const { posted } = await signIn(origin, (options) =>
      authenticator.signIn(options, origin.replace("localhost", "evil.localhost")),
    );
    assert.equal(code(posted.text), "passkey_not_accepted");
    assert.equal(posted.location, undefined);
    assert.equal(await snapshot(), before);
  });

  it("refuses an answer signed for another RP id", async () => {
    const before = await snapshot();
    const { posted } = await signIn(origin, (options) =>
      authenticator.signIn(options, origin, authenticator.credentials[0], { rpId: "evil.example" }),
    );
    assert.equal(code(posted.text), "passkey_not_accepted");
    assert.equal(await snapshot(), before);
  });

  it("refuses a counter that went back (a cloned authenticator)", async () => {
    const credential = authenticator.credentials[0];
    assert.ok(credential);
    const before = await snapshot();
    const kept = credential.counter;
    credential.counter = 0;
    const { posted } = await signIn(origin, (options) => authenticator.signIn(options, origin));
    credential.counter = kept;
    assert.equal(code(posted.text), "passkey_not_accepted");
    assert.equal(await snapshot(), before);
  });

  it("refuses root's passkey at another tenant's host, and that tenant's at this one", async () => {
    const other = new SoftAuthenticator();
    const session = await signedInBrowser(otherOrigin, stack.url, otherToken);
    assert.equal((await addPasskey(session, otherOrigin, other)).status, 302);
    const before = await snapshot();
    const here = await signIn(otherOrigin, (options) => authenticator.signIn(options, otherOrigin));
    assert.equal(code(here.posted.text), "passkey_unknown");
    const there = await signIn(origin, (options) =>
      other.signIn(options, origin, other.credentials[0], { rpId: "localhost" }),
    );
    assert.equal(code(there.posted.text), "passkey_unknown");
    assert.equal(await snapshot(), before);
  });

  it("refuses registration from another origin, storing nothing", async () => {
    const session = await signedInBrowser(origin, stack.url, stack.rootToken);
    const before = await snapshot();
    const added = await addPasskey(session, origin, new SoftAuthenticator(), {
      claimedOrigin: "http://evil.localhost",
    });
    assert.equal(added.status, 400);
    assert.match(added.text, /was not accepted/);
    assert.equal(await snapshot(), before);
  });

  it("satisfies the two-factor policy: the provider sign-in asks for the passkey, refuses a code instead", async () => {
    await linkStandInUserToRoot(stack);
    await setPolicy(LOCAL_TENANT.id, true);
    try {
      const start = async () => {
        const client = new RedirectClient();
        const step = await client.follow(stack.signIn?.startUrl ?? "");
        assert.equal(step.status, 200, step.text);
        assert.doesNotMatch(step.text, /name="tfa_token"/, "root has no security code, only a passkey");
        const pending = /name="pending" value="([^"]+)"/.exec(step.text)?.[1] ?? "";
        return { client, step, pending };
      };
      const withCode = await start();
      const callback = `${origin}/openid_connect_callback/whmcs`;
      const refused = await withCode.client.request(callback, {
        method: "POST",
        body: new URLSearchParams({ pending: withCode.pending, tfa_token: "000000" }),
      });
      assert.equal(code(refused.text), "invalid_security_code");
      const withPasskey = await start();
      const credential = authenticator.signIn(embeddedOptions(withPasskey.step.text), origin);
      const done = await withPasskey.client.request(callback, {
        method: "POST",
        body: new URLSearchParams({ pending: withPasskey.pending, credential }),
      });
      assert.equal(done.status, 302, done.text);
      assert.match(done.location ?? "", /\/cpsess\d{10}\/api-shell\/index\.html$/);
    } finally {
      await setPolicy(LOCAL_TENANT.id, false);
    }
  });

  it("removes the passkey: it signs in no more, and the sessions it started end at once", async () => {
    const { posted, client } = await signIn(origin, (options) => authenticator.signIn(options, origin));
    const prefix = /\/cpsess\d{10}/.exec(posted.location ?? "")?.[0];
    const viaSession = () => client.request(`${origin}${prefix}/json-api/list_passkeys?api.version=1`);
    assert.equal((await viaSession()).status, 200);
    const id = authenticator.credentials[0]?.id.toString("base64url") ?? "";
    const removed = await stack.call("remove_passkey", { user: "root", credential_id: id });
    assert.equal(removed.json.metadata.result, 1, removed.json.metadata.reason);
    assert.equal((await viaSession()).status, 403);
    const after = await signIn(origin, (options) => authenticator.signIn(options, origin));
    assert.equal(code(after.posted.text), "passkey_unknown");
    const again = await stack.call("remove_passkey", { user: "root", credential_id: id });
    assert.match(
      again.json.metadata.reason,
      new RegExp(`The user “root” has no passkey with the ID “${id}”\\.$`),
    );
  });
});
