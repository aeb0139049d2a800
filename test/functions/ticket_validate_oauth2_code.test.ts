import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { sha256 } from "../../lambdas/stores/hash.js";
import { getSession, tokenSessionKey } from "../../lambdas/stores/sessions.js";
import { freePort } from "../../local/free-port.js";
import { obtainPortalCode } from "../../local/portal.js";
import { LOCAL_PORTAL_REDIRECT_URI } from "../../local/stack.js";
import { cannedServer } from "../helpers/canned-server.js";
import { startTestStack, type TestStack } from "../helpers/local-stack.js";

describe("ticket_validate_oauth2_code", () => {
  let stack: TestStack;
  let realTokenEndpoint: string;
  const session = () => getSession(tokenSessionKey(sha256(stack.rootToken)));
  const freshCode = () =>
    obtainPortalCode(
      stack.portal.authorizationEndpoint,
      stack.portal.client.clientId,
      LOCAL_PORTAL_REDIRECT_URI,
    );
  const validate = (code: string, redirect_uri = LOCAL_PORTAL_REDIRECT_URI) =>
    stack.call("ticket_validate_oauth2_code", { code, redirect_uri });

  before(async () => {
    stack = await startTestStack();
    realTokenEndpoint = stack.portal.tokenEndpoint;
  });
  beforeEach(() => {
    process.env.PORTAL_TOKEN_ENDPOINT = realTokenEndpoint;
  });
  after(() => stack.stop());

  it("exchanges a real portal code and stores access token, refresh token and expiry on the session", async () => {
    const { json } = await validate(await freshCode());
    assert.deepEqual(json, {
      metadata: { version: 1, reason: "OK", result: 1, command: "ticket_validate_oauth2_code" },
    });
    const stored = await session();
    assert.ok(stored?.portal?.accessToken, "access token stored");
    assert.ok(stored?.portal?.refreshToken, "refresh token stored");
    assert.equal(stored?.portal?.expiresIn, 3600);
    assert.equal(stored?.tenant, "local");
  });

  it("refuses a replayed code without asking the portal again", async () => {
    const code = await freshCode();
    assert.equal((await validate(code)).json.metadata.result, 1);
    const replay = await validate(code);
    assert.equal(replay.json.metadata.result, 0);
    assert.equal(
      replay.json.metadata.reason,
      "The OAuth2 code has already been used. Start the authorization again.",
    );
  });

  it("refuses a call without code or redirect_uri with the reference text", async () => {
    const incomplete: Record<string, string>[] = [
      { code: "x" },
      { redirect_uri: LOCAL_PORTAL_REDIRECT_URI },
      {},
    ];
    for (const params of incomplete) {
      const { json } = await stack.call("ticket_validate_oauth2_code", params);
      assert.equal(json.metadata.result, 0);
      assert.equal(
        json.metadata.reason,
        "The request must include the OAuth2 code and associated redirect URI arguments to retrieve the token.",
      );
    }
  });

  it("reports the portal's status and removes the session's token when the portal refuses the code", async () => {
    assert.equal((await validate(await freshCode())).json.metadata.result, 1);
    const { json } = await validate("a-code-the-portal-never-issued");
    assert.equal(json.metadata.result, 0);
    assert.equal(
      json.metadata.reason,
      "The server failed to retrieve an access token from the cPanel Customer Portal. Status Code: 400",
    );
    assert.equal((await session())?.portal, undefined);
  });

  it("reports an unreachable portal", async () => {
    process.env.PORTAL_TOKEN_ENDPOINT = `http://127.0.0.1:${await freePort()}/token`;
    const { json } = await validate("code-for-a-closed-port");
    assert.equal(json.metadata.reason, "The server was unable to contact the cPanel Customer Portal.");
  });

  it("counts the portal's own failures in the PortalFailures metric, not a code the portal refuses", async () => {
    const metricLines = async (work: () => Promise<unknown>) => {
      const lines: string[] = [];
      const write = process.stdout.write.bind(process.stdout);
      process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
        lines.push(String(chunk));
        return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
      }) as typeof process.stdout.write;
      try {
        await work();
      } finally {
        process.stdout.write = write;
      }
      return lines.filter((line) => line.includes('"PortalFailures":1'));
    };
    // Codes are single use here, so each call has its own.
    assert.deepEqual(await metricLines(() => validate("another-code-the-portal-never-issued")), []);
    process.env.PORTAL_TOKEN_ENDPOINT = `http://127.0.0.1:${await freePort()}/token`;
    const unreachable = await metricLines(() => validate("another-code-for-a-closed-port"));
    assert.equal(unreachable.length, 1);
    assert.match(unreachable[0] ?? "", /"function":"ticket_validate_oauth2_code"/);
  });

  it("reports a 200 answer without an access token as malformed", async () => {
    const broken = await cannedServer(200, "application/json", '{"token_type":"bearer"}');
    try {
      process.env.PORTAL_TOKEN_ENDPOINT = `${broken.url}/token`;
      const { json } = await validate("code-for-a-broken-portal");
      assert.equal(
        json.metadata.reason,
        "The server received a malformed response from the cPanel Customer Portal.",
      );
    } finally {
      broken.stop();
    }
  });

  it("refuses a code issued for another redirect URI of this server (the portal answers 400)", async () => {
    const { json } = await validate(await freshCode(), "https://localhost:2087/elsewhere");
    assert.equal(json.metadata.result, 0);
    assert.match(json.metadata.reason, /Status Code: 400$/);
  });

  it("refuses a redirect URI that is not on the caller's server, before the code is used", async () => {
    const code = await freshCode();
    const { json } = await validate(code, "https://evil.example/callback");
    assert.equal(
      json.metadata.reason,
      "The redirect URI “https://evil.example/callback” does not belong to this server.",
    );
    assert.equal((await validate(code, LOCAL_PORTAL_REDIRECT_URI)).json.metadata.result, 1);
  });
});
