import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { logger } from "../../lambdas/runtime/logger.js";
import { db, tableName } from "../../lambdas/stores/dynamo.js";
import { sha256 } from "../../lambdas/stores/hash.js";
import { getSession, tokenSessionKey } from "../../lambdas/stores/sessions.js";
import { obtainPortalCode } from "../../local/portal.js";
import { LOCAL_PORTAL_REDIRECT_URI } from "../../local/stack.js";
import { startTestStack, type TestStack } from "../helpers/local-stack.js";
import { codeAt } from "../helpers/totp.js";

/** Every byte written to stdout and stderr while the scenario runs (structured logs included). */
function captureOutput() {
  const captured: string[] = [];
  const originals = {
    out: process.stdout.write.bind(process.stdout),
    err: process.stderr.write.bind(process.stderr),
  };
  const tap =
    (original: typeof originals.out) =>
    (chunk: unknown, ...rest: unknown[]): boolean => {
      captured.push(String(chunk));
      return (original as (...args: unknown[]) => boolean)(chunk, ...rest);
    };
  process.stdout.write = tap(originals.out) as typeof process.stdout.write;
  process.stderr.write = tap(originals.err) as typeof process.stderr.write;
  return {
    text: () => captured.join(""),
    stop: () => {
      process.stdout.write = originals.out;
      process.stderr.write = originals.err;
    },
  };
}

describe("secrets never leak into logs, other answers, or the table", () => {
  let stack: TestStack;
  const responses: Array<{ fn: string; text: string }> = [];
  const secret = {
    client: "CLIENT-SECRET-f3a9c2",
    token: "",
    session: "",
    code: "",
    access: "",
    refresh: "",
    tfa: "",
  };
  let output: ReturnType<typeof captureOutput>;

  before(async () => {
    stack = await startTestStack();
    logger.setLogLevel("DEBUG");
    output = captureOutput();
    const call = async (
      fn: string,
      params: Record<string, string>,
      options: Parameters<TestStack["call"]>[2] = {},
    ) => {
      const result = await stack.call(fn, params, options);
      responses.push({ fn, text: result.text });
      return result;
    };
    const configurations = JSON.stringify({ client_id: "id", client_secret: secret.client });
    await call("set_provider_client_configurations", {
      provider_id: "google",
      service_name: "cpaneld",
      configurations,
    });
    await call("set_provider_client_configurations", {
      provider_id: "google",
      service_name: "nope",
      configurations,
    });
    await call("set_provider_client_configurations", {
      provider_id: "google",
      service_name: "cpaneld",
      configurations: `${configurations}{`,
    });
    await call(
      "get_provider_client_configurations",
      { provider_id: "google", service_name: "cpaneld" },
      { format: "xml" },
    );
    await call("get_available_authentication_providers", {});
    secret.token = (await call("api_token_create", { token_name: "leak-scan" })).json.data.token;
    await call("api_token_get_details", { token: secret.token });
    await call("api_token_list", {}, { token: secret.token });
    await call("api_token_list", {}, { token: `${secret.token}X` });
    const session = (await call("create_user_session", { user: "root", service: "whostmgrd" })).json.data;
    secret.session = session.session;
    const login = await fetch(session.url, { redirect: "manual" });
    responses.push({ fn: "login", text: await login.text() });
    secret.code = await obtainPortalCode(
      stack.portal.authorizationEndpoint,
      stack.portal.client.clientId,
      LOCAL_PORTAL_REDIRECT_URI,
    );
    await call("ticket_validate_oauth2_code", { code: secret.code, redirect_uri: LOCAL_PORTAL_REDIRECT_URI });
    await call("ticket_validate_oauth2_code", { code: secret.code, redirect_uri: LOCAL_PORTAL_REDIRECT_URI });
    secret.tfa = (await call("twofactorauth_generate_tfa_config", {})).json.data.secret;
    await call("twofactorauth_set_tfa_config", { secret: secret.tfa, tfa_token: "000000" });
    await call("twofactorauth_set_tfa_config", { secret: secret.tfa, tfa_token: codeAt(secret.tfa) });
    await call("twofactorauth_get_user_configs", {});
    const stored = await getSession(tokenSessionKey(sha256(stack.rootToken)));
    secret.access = stored?.portal?.accessToken ?? "";
    secret.refresh = stored?.portal?.refreshToken ?? "";
    output.stop();
  });
  after(() => stack.stop());

  it("captured the scenario (every secret exists, logging was on, metric lines were written)", () => {
    for (const [name, value] of Object.entries(secret)) assert.ok(value.length >= 8, `no ${name} captured`);
    assert.match(output.text(), /"message":"call"/);
    assert.match(output.text(), /"AuthenticationFailures":1/);
  });

  it("no log line holds a client secret, API token, session id, OAuth code, portal token or portal client secret", () => {
    const logs = output.text();
    for (const value of [...Object.values(secret), stack.portal.client.clientSecret, stack.rootToken]) {
      assert.ok(!logs.includes(value), `a log line holds ${value.slice(0, 4)}…`);
    }
  });

  it("the client secret appears only in the answers that exist to return it", () => {
    const allowed = new Set(["get_provider_client_configurations"]);
    for (const { fn, text } of responses)
      if (!allowed.has(fn)) assert.ok(!text.includes(secret.client), `${fn} returned the client secret`);
  });

  it("API tokens, session ids, codes and portal tokens appear in no answer but the one that issues them", () => {
    for (const { fn, text } of responses) {
      if (fn !== "api_token_create") assert.ok(!text.includes(secret.token), `${fn} returned the API token`);
      if (fn !== "create_user_session")
        assert.ok(!text.includes(secret.session), `${fn} returned the session id`);
      for (const value of [secret.code, secret.access, secret.refresh])
        assert.ok(!text.includes(value), `${fn} returned an OAuth value`);
      if (fn !== "twofactorauth_generate_tfa_config")
        assert.ok(!text.includes(secret.tfa), `${fn} returned the two-factor secret`);
    }
  });

  it("the table holds API tokens, session ids and codes only as hashes, and no client secret", async () => {
    const table = JSON.stringify((await db().send(new ScanCommand({ TableName: tableName() }))).Items);
    for (const value of [secret.token, secret.session, secret.code, secret.client, stack.rootToken]) {
      assert.ok(!table.includes(value), `the table holds ${value.slice(0, 4)}… in plain`);
    }
    assert.ok(table.includes(sha256(secret.token)));
  });

  it("the audit trail records the scenario's changes and holds no secret of any kind", async () => {
    const items = (await db().send(new ScanCommand({ TableName: tableName() }))).Items ?? [];
    const audit = items.filter((item) => String(item.pk).startsWith("AUDIT#"));
    assert.ok(audit.length >= 4, `${audit.length} events recorded`);
    const trail = JSON.stringify(audit);
    for (const value of [...Object.values(secret), stack.portal.client.clientSecret, stack.rootToken]) {
      assert.ok(!trail.includes(value), `the audit trail holds ${value.slice(0, 4)}…`);
      assert.ok(!trail.includes(sha256(value)), `the audit trail holds the hash of ${value.slice(0, 4)}…`);
    }
  });
});
