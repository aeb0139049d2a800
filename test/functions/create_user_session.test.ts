import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { putAccount } from "../../lambdas/stores/accounts.js";
import { db, keys, tableName } from "../../lambdas/stores/dynamo.js";
import { sha256 } from "../../lambdas/stores/hash.js";
import { getSession } from "../../lambdas/stores/sessions.js";
import { createToken } from "../../lambdas/stores/tokens.js";
import { obtainPortalCode } from "../../local/portal.js";
import { LOCAL_PORTAL_REDIRECT_URI } from "../../local/stack.js";
import { startTestStack, type TestStack } from "../helpers/local-stack.js";

describe("create_user_session and /cpsess sessions", () => {
  let stack: TestStack;
  before(async () => {
    stack = await startTestStack();
  });
  after(() => stack.stop());

  const newSession = async () => {
    const { json } = await stack.call("create_user_session", { user: "root", service: "whostmgrd" });
    assert.equal(json.metadata.result, 1, json.metadata.reason);
    return json.data as { url: string; cp_security_token: string; session: string; expires: number };
  };
  const login = async (url: string) => {
    const response = await fetch(url, { redirect: "manual" });
    await response.text();
    return {
      status: response.status,
      cookie: response.headers.getSetCookie()[0] ?? "",
      location: response.headers.get("location"),
    };
  };
  /** The session id a login put in the cookie (never shown before login). */
  const sessionIdOf = (cookie: string) => decodeURIComponent(cookie.slice(cookie.indexOf("=") + 1));
  const viaSession = (prefix: string, cookie: string | null, fn = "get_available_authentication_providers") =>
    fetch(`${stack.url}${prefix}/json-api/${fn}`, { headers: cookie ? { cookie } : {} });

  it("returns a /cpsess token of ten digits and a one-time login URL", async () => {
    const session = await newSession();
    assert.match(session.cp_security_token, /^\/cpsess\d{10}$/);
    assert.equal(
      session.url,
      `${stack.url}${session.cp_security_token}/login/?session=${encodeURIComponent(session.session)}`,
    );
    assert.ok(session.expires > Date.now() / 1000);
  });

  it("the login URL sets an HttpOnly SameSite cookie, after which calls under the /cpsess path work", async () => {
    const session = await newSession();
    const visit = await login(session.url);
    assert.equal(visit.status, 302);
    assert.equal(visit.location, `${session.cp_security_token}/api-shell/index.html`);
    assert.match(visit.cookie, /^whostmgrsession=[^;]+; Path=\/; HttpOnly; SameSite=Strict$/);
    const cookie = visit.cookie.split(";")[0] as string;
    const response = await viaSession(session.cp_security_token, cookie);
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as any).metadata.result, 1);
  });

  it("refuses a call without the cookie, with a mismatched path token, or with the cookie alone", async () => {
    const session = await newSession();
    const cookie = (await login(session.url)).cookie.split(";")[0] as string;
    assert.equal((await viaSession(session.cp_security_token, null)).status, 403);
    assert.equal((await viaSession("/cpsess0000000000", cookie)).status, 403);
    assert.equal((await viaSession("", cookie)).status, 403);
  });

  it("a login URL works once", async () => {
    const session = await newSession();
    assert.equal((await login(session.url)).status, 302);
    assert.equal((await login(session.url)).status, 401);
  });

  it("an idle session expires", async () => {
    const session = await newSession();
    const cookie = (await login(session.url)).cookie.split(";")[0] as string;
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.session(sha256(sessionIdOf(cookie))),
        UpdateExpression: "SET last_seen = :old",
        ExpressionAttributeValues: { ":old": 1 },
      }),
    );
    assert.equal((await viaSession(session.cp_security_token, cookie)).status, 403);
  });

  it("ticket_validate_oauth2_code stores the portal token on the browser session it came through", async () => {
    const session = await newSession();
    const cookie = (await login(session.url)).cookie.split(";")[0] as string;
    const code = await obtainPortalCode(
      stack.portal.authorizationEndpoint,
      stack.portal.client.clientId,
      LOCAL_PORTAL_REDIRECT_URI,
    );
    const query = new URLSearchParams({ code, redirect_uri: LOCAL_PORTAL_REDIRECT_URI });
    const response = await fetch(
      `${stack.url}${session.cp_security_token}/json-api/ticket_validate_oauth2_code?${query}`,
      {
        headers: { cookie },
      },
    );
    assert.equal(((await response.json()) as any).metadata.result, 1);
    assert.ok((await getSession(sha256(sessionIdOf(cookie))))?.portal?.accessToken);
  });

  it("refuses a root session on another service, and a missing or unknown service", async () => {
    const cpanel = await stack.call("create_user_session", { user: "root", service: "cpaneld" });
    assert.equal(
      cpanel.json.metadata.reason,
      "You do not have permission to create sessions for the user “root”.",
    );
    const missing = await stack.call("create_user_session", { user: "root" });
    assert.equal(missing.json.metadata.reason, "The “service” parameter is required.");
    const unknown = await stack.call("create_user_session", { user: "root", service: "ftpd" });
    assert.match(unknown.json.metadata.reason, /^The “service” parameter is invalid/);
  });

  describe("users from the tenant's directory, with WHM's checks", () => {
    before(async () => {
      await putAccount("local", {
        user: "res1",
        kind: "reseller",
        owner: "res1",
        acls: ["create-user-session", "list-accts"],
        suspended: false,
      });
      await putAccount("local", {
        user: "res2",
        kind: "reseller",
        owner: "res2",
        acls: ["create-user-session"],
        suspended: false,
      });
      await putAccount("local", {
        user: "bob",
        kind: "cpanel",
        owner: "res1",
        acls: [],
        suspended: false,
        domain: "bob.example",
      });
      await putAccount("local", {
        user: "sus",
        kind: "cpanel",
        owner: "root",
        acls: [],
        suspended: true,
        domain: "sus.example",
      });
    });
    const reason = async (params: Record<string, string>, token?: string, user?: string) =>
      (await stack.call("create_user_session", params, { token, user })).json.metadata.reason;
    const tokenOf = async (user: string) =>
      (await createToken({ tenant: "local", user, name: `t-${user}`, acls: ["create-user-session"] })).token;

    it("answers “Created session” on success", async () => {
      assert.equal(await reason({ user: "bob", service: "cpaneld" }), "Created session");
    });

    it("refuses a user that does not exist", async () => {
      assert.equal(
        await reason({ user: "ghost", service: "whostmgrd" }),
        "You cannot create a session for the user “ghost” because they do not exist.",
      );
    });

    it("refuses a suspended user", async () => {
      assert.equal(
        await reason({ user: "sus", service: "cpaneld" }),
        "You cannot create a session for the user “sus” because they are currently suspended.",
      );
    });

    it("refuses a whostmgrd session for a user who is not a reseller", async () => {
      assert.equal(
        await reason({ user: "bob", service: "whostmgrd" }),
        "You cannot create a “whostmgrd” session for the user “bob” because they are not a reseller.",
      );
    });

    it("lets a reseller open sessions for the accounts it owns, and refuses others and root", async () => {
      const token = await tokenOf("res1");
      assert.equal(await reason({ user: "bob", service: "cpaneld" }, token, "res1"), "Created session");
      assert.equal(
        await reason({ user: "res2", service: "whostmgrd" }, token, "res1"),
        "You do not have permission to create sessions for the user “res2”.",
      );
      assert.equal(
        await reason({ user: "root", service: "whostmgrd" }, token, "res1"),
        "You do not have permission to create sessions for the user “root”.",
      );
    });

    it("refuses a root session to a non-root user holding “all”", async () => {
      const { token } = await createToken({ tenant: "local", user: "res2", name: "res2-all", acls: ["all"] });
      assert.equal(
        await reason({ user: "root", service: "whostmgrd" }, token, "res2"),
        "You do not have permission to create sessions for the user “root”.",
      );
    });

    it("refuses a locale over 16 characters with WHM's text", async () => {
      assert.equal(
        await reason({ user: "bob", service: "cpaneld", locale: "x".repeat(17) }),
        `The “${"x".repeat(17)}” parameter is invalid. The “${"x".repeat(17)}” parameter may not be longer than 16 characters.`,
      );
    });

    it("a reseller's session acts with the reseller's ACLs, never more than its creator's", async () => {
      const { json } = await stack.call("create_user_session", { user: "res1", service: "whostmgrd" });
      const cookie = (await login(json.data.url)).cookie.split(";")[0] as string;
      const listed = await viaSession(json.data.cp_security_token, cookie, "api_token_list");
      assert.match(((await listed.json()) as any).metadata.reason, /manage-api-tokens/);
    });

    it("validates app and preferred_domain with WHM's texts, and puts the domain in the URL", async () => {
      assert.equal(
        await reason({ user: "bob", service: "cpaneld", app: "bad app!" }),
        "The requested application, bad app!, is invalid.",
      );
      assert.equal(
        await reason({ user: "bob", service: "cpaneld", preferred_domain: "not a domain" }),
        "The “not a domain” parameter is invalid. The “not a domain” parameter must be a valid domain name or IP address.",
      );
      assert.equal(
        await reason({ user: "bob", service: "cpaneld", preferred_domain: "example.org" }),
        "The “example.org” parameter is invalid. The “example.org” parameter must be a domain or IP address on this server.",
      );
      const { json } = await stack.call("create_user_session", {
        user: "bob",
        service: "cpaneld",
        preferred_domain: "whm.localhost",
        app: "File_Manager",
      });
      assert.match(json.data.url, /^https:\/\/whm\.localhost:2083\/cpsess\d{10}\/login\/\?session=/);
    });

    it("adds WHM's goto_uri for a WHM application served here, before the locale", async () => {
      const { json } = await stack.call("create_user_session", {
        user: "root",
        service: "whostmgrd",
        app: "api_shell",
        locale: "de",
      });
      const url = new URL(json.data.url);
      assert.deepEqual([...url.searchParams.keys()], ["session", "goto_uri", "locale"]);
      assert.equal(url.searchParams.get("goto_uri"), "/cgi/api_shell/index.cgi");
    });
  });
});
