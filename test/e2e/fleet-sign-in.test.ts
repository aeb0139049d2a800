import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import * as oidc from "openid-client";
import { scanAll } from "../../lambdas/stores/dynamo.js";
import { createTenantWithRootToken } from "../../lambdas/stores/tenants.js";
import { configureTwoFactor, removeTwoFactor, setPolicy } from "../../lambdas/stores/two-factor.js";
import { authorizationRequest, discover } from "../helpers/fleet-client.js";
import { linkStandInUserToRoot, startTestStack, type TestStack } from "../helpers/local-stack.js";
import { RedirectClient } from "../helpers/redirect-client.js";
import { codeAt } from "../helpers/totp.js";

const TFA_SECRET = "FLEETSIGNIN23456";
/** A server's WHM callback, as the relying party registers it (nothing listens there: the test stops at it). */
const WHM_CALLBACK = "https://srv1.example.test:2087/openid_connect_callback/whmcs";
const CPANEL_CALLBACK = "https://srv1.example.test:2083/openid_connect_callback/whmcs";

/** Every stored item but the failure counters, as text: what a refusal must leave as it was. */
async function storedState(): Promise<string[]> {
  const items = await scanAll({ ConsistentRead: true });
  return items
    .filter((item) => !String(item.pk).startsWith("AUTHFAIL#"))
    .map((item) => JSON.stringify(item, Object.keys(item).sort()))
    .sort();
}

describe("fleet sign-in: the tenant's OpenID Connect provider, driven by openid-client", () => {
  let stack: TestStack;
  let issuer: string;
  let client: RedirectClient;
  let clientId: string;
  let clientSecret: string;
  let config: oidc.Configuration;

  const register = async (params: Record<string, string>) => {
    const { json } = await stack.call("register_openid_connect_client", params);
    assert.equal(json.metadata.result, 1, json.metadata.reason);
    return json.data as { client: { client_id: string }; client_secret?: string };
  };

  const authorization = (extra: Record<string, string> = {}, redirectUri = WHM_CALLBACK) =>
    authorizationRequest(config, redirectUri, extra);

  /** The browser from the server's redirect to its callback: through the hosted login page, when shown. */
  const signIn = async (url: string, redirectUri = WHM_CALLBACK) => {
    const back = (next: string) => next.startsWith(redirectUri);
    let end = await client.follow(url, back);
    if (end.status === 200 && /data-code="login"/.test(end.text)) {
      const href = /href="([^"]*openid_connect\/whmcs[^"]*)"/.exec(end.text)?.[1] ?? "";
      end = await client.follow(new URL(href.replaceAll("&amp;", "&"), issuer).toString(), back);
    }
    return end;
  };

  const exchange = (callback: string, request: { checks: oidc.AuthorizationCodeGrantChecks }) =>
    oidc.authorizationCodeGrant(config, new URL(callback), request.checks);

  const tokenRequest = (body: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(`${issuer}/openid/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
      body: new URLSearchParams(body),
    });

  before(async () => {
    stack = await startTestStack({ signIn: true });
    issuer = new URL(stack.signIn?.startUrl ?? "").origin;
    await linkStandInUserToRoot(stack);
    const registered = await register({
      name: "srv1.example.test",
      redirect_uri: WHM_CALLBACK,
      "redirect_uri-1": CPANEL_CALLBACK,
      post_logout_redirect_uri: "https://srv1.example.test:2087/",
    });
    clientId = registered.client.client_id;
    clientSecret = registered.client_secret ?? "";
    config = await discover(issuer, clientId, clientSecret);
  });
  beforeEach(() => {
    client = new RedirectClient();
  });
  after(() => stack.stop());

  it("publishes discovery on the tenant's host name, and a JWKS whose key names its id", async () => {
    const metadata = config.serverMetadata();
    assert.equal(metadata.issuer, issuer);
    assert.equal(metadata.authorization_endpoint, `${issuer}/openid/authorize`);
    assert.deepEqual(metadata.id_token_signing_alg_values_supported, ["RS256"]);
    const jwks = (await (await fetch(`${issuer}/openid/jwks`)).json()) as { keys: Record<string, string>[] };
    assert.equal(jwks.keys.length, 1);
    assert.equal(jwks.keys[0]?.use, "sig", "cPanel's provider picks the key with use=sig and its kid");
    assert.ok(jwks.keys[0]?.kid);
    assert.equal(jwks.keys[0]?.d, undefined, "no private part");
  });

  it("signs the linked stand-in user in as root: code with PKCE, ID token verified against the JWKS, userinfo", async () => {
    const request = await authorization();
    const back = await signIn(request.url);
    assert.ok(back.url.startsWith(WHM_CALLBACK), back.text);
    const tokens = await exchange(back.url, request);
    const claims = tokens.claims();
    assert.ok(claims);
    assert.equal(claims.iss, issuer);
    assert.equal(claims.aud, clientId);
    assert.equal(claims.preferred_username, "root");
    assert.deepEqual(claims.amr, ["fed"]);
    assert.equal(claims.nonce, request.nonce);
    assert.ok(typeof claims.auth_time === "number" && claims.auth_time <= claims.iat);
    const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
    assert.equal(info.preferred_username, "root");
  });

  it("gives the same user the same subject on every sign-in", async () => {
    const subjects: string[] = [];
    for (let i = 0; i < 2; i++) {
      client = new RedirectClient();
      const request = await authorization();
      subjects.push(String((await exchange((await signIn(request.url)).url, request)).claims()?.sub));
    }
    assert.equal(subjects[0], subjects[1]);
  });

  it("accepts the client secret in HTTP Basic as well as in the body", async () => {
    const basic = await discover(issuer, clientId, clientSecret, oidc.ClientSecretBasic(clientSecret));
    const request = await authorization();
    const back = await signIn(request.url);
    const tokens = await oidc.authorizationCodeGrant(basic, new URL(back.url), request.checks);
    assert.equal(tokens.claims()?.preferred_username, "root");
  });

  it("reuses the hosted session for the next server request: no login page, a code at once", async () => {
    await signIn((await authorization()).url);
    const again = await authorization();
    const first = await client.request(again.url);
    assert.equal(first.status, 302);
    assert.ok(first.location?.startsWith(WHM_CALLBACK));
    assert.equal((await exchange(first.location ?? "", again)).claims()?.preferred_username, "root");
  });

  it("shows the login page again for prompt=login and for a max_age the session is older than", async () => {
    await signIn((await authorization()).url);
    const login = await client.request((await authorization({ prompt: "login" })).url);
    assert.equal(login.status, 200);
    assert.match(login.text, /data-code="login"/);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const aged = await client.request((await authorization({ max_age: "0" })).url);
    assert.match(aged.text, /data-code="login"/);
  });

  it("answers prompt=none without a session with login_required at the redirect URI", async () => {
    const answer = await client.request((await authorization({ prompt: "none" })).url);
    const location = new URL(answer.location ?? "");
    assert.equal(`${location.origin}${location.pathname}`, new URL(WHM_CALLBACK).toString());
    assert.equal(location.searchParams.get("error"), "login_required");
  });

  it("asks for the security code first when the two-factor policy is on, and says otp in amr", async () => {
    await configureTwoFactor("local", "root", TFA_SECRET, 0);
    await setPolicy("local", true);
    try {
      const request = await authorization();
      const page = await signIn(request.url);
      assert.equal(page.status, 200);
      assert.match(page.text, /Security code/);
      const pending = /name="pending" value="([^"]+)"/.exec(page.text)?.[1] ?? "";
      const posted = await client.request(new URL("/openid_connect_callback/whmcs", issuer).toString(), {
        method: "POST",
        body: new URLSearchParams({ pending, tfa_token: codeAt(TFA_SECRET) }),
      });
      assert.equal(posted.status, 302);
      assert.ok(posted.location?.startsWith(WHM_CALLBACK));
      assert.deepEqual((await exchange(posted.location ?? "", request)).claims()?.amr, ["fed", "otp"]);
    } finally {
      await setPolicy("local", false);
      await removeTwoFactor("local", "root");
    }
  });

  it("ends the hosted session at end-session and returns only to a registered address", async () => {
    await signIn((await authorization()).url);
    const out = await client.request(
      `${issuer}/openid/end_session?client_id=${clientId}&post_logout_redirect_uri=${encodeURIComponent("https://srv1.example.test:2087/")}&state=s1`,
    );
    assert.equal(out.status, 302);
    assert.equal(out.location, "https://srv1.example.test:2087/?state=s1");
    const next = await client.request((await authorization()).url);
    assert.match(next.text, /data-code="login"/, "signed out: the next request needs a sign-in");
    const elsewhere = await client.request(
      `${issuer}/openid/end_session?client_id=${clientId}&post_logout_redirect_uri=${encodeURIComponent("https://evil.example/")}`,
    );
    assert.equal(elsewhere.status, 200);
    assert.equal(elsewhere.location, undefined);
  });

  describe("refusals, each through HTTP, each leaving stored data as it was", () => {
    let before: string[];
    beforeEach(async () => {
      before = await storedState();
    });
    const unchanged = async () => assert.deepEqual(await storedState(), before);

    it("an unknown client gets an error page, and nothing is sent anywhere", async () => {
      const answer = await client.request(
        `${issuer}/openid/authorize?client_id=whm-unknown&redirect_uri=${encodeURIComponent(WHM_CALLBACK)}&response_type=code&scope=openid`,
      );
      assert.equal(answer.status, 400);
      assert.equal(answer.location, undefined);
      assert.match(answer.text, /data-code="unknown_client"/);
      await unchanged();
    });

    it("a redirect URI not registered for the client gets an error page, not a redirect", async () => {
      const { url } = await authorization({}, "https://srv1.example.test:2087/openid_connect_callback/other");
      const answer = await client.request(url);
      assert.equal(answer.status, 400);
      assert.equal(answer.location, undefined);
      assert.match(answer.text, /data-code="redirect_uri_not_registered"/);
      await unchanged();
    });

    it("another tenant's client is unknown on this tenant's host name", async () => {
      const globex = await createTenantWithRootToken({ id: "globex", hostname: "whm.globex.example" });
      const { json } = await stack.call(
        "register_openid_connect_client",
        { name: "globex server", redirect_uri: WHM_CALLBACK },
        { token: globex },
      );
      assert.equal(json.metadata.result, 1);
      before = await storedState();
      const theirs = new URL((await authorization()).url);
      theirs.searchParams.set("client_id", json.data.client.client_id);
      const answer = await client.request(theirs.toString());
      assert.match(answer.text, /data-code="unknown_client"/);
      assert.equal(answer.location, undefined);
      await unchanged();
    });

    it("a PKCE challenge with another method than S256 is refused at the redirect URI", async () => {
      const answer = await client.request((await authorization({ code_challenge_method: "plain" })).url);
      assert.equal(new URL(answer.location ?? "").searchParams.get("error"), "invalid_request");
      await unchanged();
    });

    it("a public client without a PKCE challenge is refused at the redirect URI", async () => {
      const publicClient = (await register({ name: "spa", redirect_uri: WHM_CALLBACK, public_client: "1" }))
        .client.client_id;
      before = await storedState();
      const url = `${issuer}/openid/authorize?client_id=${publicClient}&redirect_uri=${encodeURIComponent(WHM_CALLBACK)}&response_type=code&scope=openid&state=x`;
      const answer = await client.request(url);
      const location = new URL(answer.location ?? "");
      assert.equal(location.searchParams.get("error"), "invalid_request");
      assert.equal(location.searchParams.get("state"), "x");
      await unchanged();
    });

    it("a wrong PKCE verifier does not redeem the code, which then still works once", async () => {
      const request = await authorization();
      const code = new URL((await signIn(request.url)).url).searchParams.get("code") ?? "";
      const body = {
        grant_type: "authorization_code",
        code,
        redirect_uri: WHM_CALLBACK,
        client_id: clientId,
        client_secret: clientSecret,
      };
      before = await storedState();
      const wrong = await tokenRequest({ ...body, code_verifier: oidc.randomPKCECodeVerifier() });
      assert.equal(wrong.status, 400);
      assert.equal(((await wrong.json()) as { error: string }).error, "invalid_grant");
      await unchanged();
      const missing = await tokenRequest(body);
      assert.equal(((await missing.json()) as { error: string }).error, "invalid_grant");
      assert.equal((await tokenRequest({ ...body, code_verifier: request.verifier })).status, 200);
    });

    it("a wrong client secret is refused with invalid_client", async () => {
      const request = await authorization();
      const code = new URL((await signIn(request.url)).url).searchParams.get("code") ?? "";
      before = await storedState();
      const answer = await tokenRequest(
        {
          grant_type: "authorization_code",
          code,
          redirect_uri: WHM_CALLBACK,
          code_verifier: request.verifier,
        },
        { authorization: `Basic ${Buffer.from(`${clientId}:wrong`).toString("base64")}` },
      );
      assert.equal(answer.status, 401);
      assert.equal(((await answer.json()) as { error: string }).error, "invalid_client");
      assert.match(answer.headers.get("www-authenticate") ?? "", /^Basic/);
      await unchanged();
    });

    it("a replayed code is refused and revokes the access token it gave", async () => {
      const request = await authorization();
      const back = (await signIn(request.url)).url;
      const tokens = await exchange(back, request);
      const replay = await tokenRequest({
        grant_type: "authorization_code",
        code: new URL(back).searchParams.get("code") ?? "",
        redirect_uri: WHM_CALLBACK,
        client_id: clientId,
        client_secret: clientSecret,
        code_verifier: request.verifier,
      });
      assert.equal(((await replay.json()) as { error: string }).error, "invalid_grant");
      const info = await fetch(`${issuer}/openid/userinfo`, {
        headers: { authorization: `Bearer ${tokens.access_token}` },
      });
      assert.equal(info.status, 401);
    });

    it("a code older than 60 seconds is refused", async () => {
      const request = await authorization();
      const code = new URL((await signIn(request.url)).url).searchParams.get("code") ?? "";
      before = await storedState();
      const now = Date.now;
      Date.now = () => now() + 61_000;
      try {
        const answer = await tokenRequest({
          grant_type: "authorization_code",
          code,
          redirect_uri: WHM_CALLBACK,
          client_id: clientId,
          client_secret: clientSecret,
          code_verifier: request.verifier,
        });
        assert.equal(((await answer.json()) as { error: string }).error, "invalid_grant");
      } finally {
        Date.now = now;
      }
      await unchanged();
    });

    it("a user the server does not host gets a page: root cannot sign in to a server's cPanel", async () => {
      await signIn((await authorization()).url);
      before = await storedState();
      const answer = await client.request((await authorization({}, CPANEL_CALLBACK)).url);
      assert.equal(answer.status, 403);
      assert.equal(answer.location, undefined);
      assert.match(answer.text, /data-code="user_not_allowed_for_server"/);
      const after = await storedState();
      // Only the session's activity stamp may move; nothing is issued.
      assert.equal(after.length, before.length);
    });

    it("userinfo refuses a token it did not issue", async () => {
      const answer = await fetch(`${issuer}/openid/userinfo`, { headers: { authorization: "Bearer nope" } });
      assert.equal(answer.status, 401);
      assert.match(answer.headers.get("www-authenticate") ?? "", /invalid_token/);
    });
  });
});
