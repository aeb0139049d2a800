import assert from "node:assert/strict";
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { createPublicKey, verify } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { App } from "aws-cdk-lib";
import { WORKLOADS } from "../../bench/workloads.js";
import cdkJson from "../../cdk.json" with { type: "json" };
import { CATALOG } from "../../lambdas/catalog.js";
import { sha256 } from "../../lambdas/stores/hash.js";
import { createLogin, redeemLogin } from "../../lambdas/stores/sessions.js";
import { createToken } from "../../lambdas/stores/tokens.js";
import { stageConfig } from "../../lib/stage-config.js";
import { WhmApiStack } from "../../lib/whm-api-stack.js";
import { LOCAL_AWS_ENV } from "../../local/dynamodb-local.js";
import { httpEvent } from "../../local/events.js";
import { type FakeKms, startFakeKms } from "../../local/fake-kms.js";
import { type FakeSecretsManager, startFakeSecretsManager } from "../../local/fake-secrets-manager.js";
import { LOCAL_TABLE } from "../../local/stack.js";
import { startTestStack, type TestStack } from "../helpers/local-stack.js";
import { type RecordedCall, startRecordingProxy } from "../helpers/recording-proxy.js";
import { RedirectClient } from "../helpers/redirect-client.js";
import { embeddedOptions, SoftAuthenticator } from "../helpers/soft-authenticator.js";
import { seedDirectory } from "../helpers/whm-accounts.js";
import { allows, needsOf, type Statement } from "./iam.js";

const run = promisify(execFile);
/** The access key a function's process signs with: its name, in the letters and digits DynamoDB Local accepts. */
const accessKeyOf = (name: string) => name.replace(/[^A-Za-z0-9]/g, "");
const ROOT = join(import.meta.dirname, "..", "..");
type Resource = { Type: string; Properties: Record<string, any> };

/** A function as deployed: its bundle in the assembly, its environment and its role's statements. */
interface Deployed {
  readonly name: string;
  readonly bundle: string;
  readonly environment: Record<string, string>;
  readonly statements: Statement[];
}

/** The stage's ID-token signing key, as CloudFormation would name it (the fake KMS makes it on first use). */
const SIGNING_KEY_ARN = "arn:aws:kms:us-east-1:111122223333:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";

/** The tenant domain of the synthesized stage: tenants' host names served on 443. */
const TENANT_DOMAIN = {
  name: "tenants.example.test",
  certificateArn: "arn:aws:acm:us-east-1:111122223333:certificate/tenant-wildcard",
};

/**
 * Synthesizes the dev stage, with a tenant domain as a stage that signs users in has, into
 * `outdir` as `cdk synth` does, and reads each function from it.
 */
async function synthesize(outdir: string): Promise<Map<string, Deployed>> {
  const stages = {
    ...cdkJson.context.stages,
    dev: { ...cdkJson.context.stages.dev, tenantDomain: TENANT_DOMAIN },
  };
  const app = new App({ outdir, context: { ...cdkJson.context, stages, stage: "dev" } });
  new WhmApiStack(app, "whm-serverless-dev", { stage: stageConfig(app.node) });
  app.synth();
  const template = JSON.parse(await readFile(join(outdir, "whm-serverless-dev.template.json"), "utf8"));
  const resources = template.Resources as Record<string, Resource>;
  const deployed = new Map<string, Deployed>();
  for (const fn of Object.values(resources).filter((r) => r.Type === "AWS::Lambda::Function")) {
    const roleId = fn.Properties.Role["Fn::GetAtt"][0] as string;
    const name = /^whm-serverless (\S+):/.exec(resources[roleId]?.Properties.Description ?? "")?.[1];
    if (!name) continue;
    const statements = Object.values(resources)
      .filter(
        (r) => r.Type === "AWS::IAM::Policy" && JSON.stringify(r.Properties.Roles).includes(`"${roleId}"`),
      )
      .flatMap((r) => r.Properties.PolicyDocument.Statement as Statement[]);
    const variables = fn.Properties.Environment.Variables as Record<string, unknown>;
    deployed.set(name, {
      name,
      bundle: join(outdir, `asset.${String(fn.Properties.Code.S3Key).replace(/\.zip$/, "")}`, "index.mjs"),
      // Values the template leaves to CloudFormation (table name, ARNs, the API URL) are set per test.
      environment: Object.fromEntries(
        Object.entries(variables).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
      ),
      statements,
    });
  }
  return deployed;
}

describe("the synthesized bundles, each in its own process under its own role", () => {
  let stack: TestStack;
  let outdir: string;
  let functions: Map<string, Deployed>;
  let secretsManager: FakeSecretsManager;
  let dynamoProxy: Awaited<ReturnType<typeof startRecordingProxy>>;
  let secretsProxy: Awaited<ReturnType<typeof startRecordingProxy>>;
  let kms: FakeKms;
  let kmsProxy: Awaited<ReturnType<typeof startRecordingProxy>>;
  const answers = new Map<string, { reason: string }>();
  const containers: ChildProcess[] = [];

  before(async () => {
    outdir = await mkdtemp(join(tmpdir(), "whm-assembly-"));
    functions = await synthesize(outdir);
    stack = await startTestStack({ signIn: true });
    await seedDirectory("local");
    secretsManager = await startFakeSecretsManager();
    dynamoProxy = await startRecordingProxy(stack.dynamo.endpoint);
    secretsProxy = await startRecordingProxy(secretsManager.endpoint);
    kms = await startFakeKms();
    kmsProxy = await startRecordingProxy(kms.endpoint);
  });
  after(async () => {
    for (const container of containers) container.kill();
    await dynamoProxy.stop();
    await secretsProxy.stop();
    await secretsManager.stop();
    await kmsProxy.stop();
    await kms.stop();
    await stack.stop();
    await rm(outdir, { recursive: true, force: true });
  });

  /** A function's environment as the template gives it, with what CloudFormation would fill in. */
  function environmentOf(name: string): NodeJS.ProcessEnv {
    const fn = functions.get(name);
    assert.ok(fn, `no deployed function ${name}`);
    return {
      PATH: process.env.PATH,
      ...fn.environment,
      ...LOCAL_AWS_ENV,
      AWS_ACCESS_KEY_ID: accessKeyOf(name),
      TABLE_NAME: LOCAL_TABLE,
      DYNAMODB_ENDPOINT: dynamoProxy.endpoint,
      SECRETS_MANAGER_ENDPOINT: secretsProxy.endpoint,
      KMS_ENDPOINT: kmsProxy.endpoint,
      OIDC_SIGNING_KEY_ARNS: SIGNING_KEY_ARN,
      PUBLIC_BASE_URL: stack.url,
      PORTAL_TOKEN_ENDPOINT: "http://127.0.0.1:9/token",
      PORTAL_CLIENT_SECRET: "portal-secret",
      POWERTOOLS_LOG_LEVEL: process.env.DEPLOYED_LOG_LEVEL ?? "SILENT",
    };
  }

  /** A warm container of a function's bundle: one process that answers call after call. */
  function startContainer(name: string) {
    const fn = functions.get(name);
    assert.ok(fn, `no deployed function ${name}`);
    const child = spawn(
      process.execPath,
      ["--import", "tsx", join(ROOT, "test/helpers/container.ts"), fn.bundle],
      { cwd: ROOT, env: environmentOf(name), stdio: ["pipe", "pipe", "inherit"] },
    );
    containers.push(child);
    let buffered = "";
    const waiting: Array<(line: string) => void> = [];
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      buffered += chunk;
      for (let end = buffered.indexOf("\n"); end >= 0; end = buffered.indexOf("\n")) {
        const line = buffered.slice(0, end);
        buffered = buffered.slice(end + 1);
        if (line.startsWith('{"response"')) waiting.shift()?.(line);
      }
    });
    return {
      call(event: unknown): Promise<{ statusCode: number; body: string }> {
        return new Promise((resolve) => {
          waiting.push((line) => resolve(JSON.parse(line).response));
          child.stdin.write(`${JSON.stringify(event)}\n`);
        });
      },
    };
  }

  /** Invokes a function's bundle in a fresh process (a cold container), signed with its name as access key. */
  async function invoke(
    name: string,
    event: unknown,
    options: { clockAheadSeconds?: number; env?: NodeJS.ProcessEnv } = {},
  ): Promise<{ statusCode: number; body: string }> {
    return (await invokeWithOutput(name, event, options)).response;
  }

  /** The same, with every line the function wrote to standard output (its logs and metrics). */
  async function invokeWithOutput(
    name: string,
    event: unknown,
    options: { clockAheadSeconds?: number; env?: NodeJS.ProcessEnv } = {},
  ): Promise<{ response: { statusCode: number; body: string }; output: string[] }> {
    const fn = functions.get(name);
    assert.ok(fn, `no deployed function ${name}`);
    const clock = options.clockAheadSeconds
      ? [
          "--import",
          `data:text/javascript,const n=Date.now;Date.now=()=>n()+${options.clockAheadSeconds * 1000};`,
        ]
      : [];
    const { stdout } = await run(
      process.execPath,
      [...clock, "--import", "tsx", join(ROOT, "test/helpers/invoke-handler.ts"), fn.bundle],
      {
        cwd: ROOT,
        timeout: 30_000,
        env: { ...environmentOf(name), ...options.env, INVOKE_EVENT: JSON.stringify(event) },
      },
    );
    if (process.env.DEPLOYED_LOG_LEVEL) process.stderr.write(stdout);
    const lines = stdout.trim().split("\n");
    return {
      response: JSON.parse(lines.at(-1) ?? "{}").response,
      output: lines.slice(0, -1).filter(Boolean),
    };
  }

  /** A WHM session of root's made with root's token, as its login URL would start it. */
  async function rootSession() {
    const login = await createLogin({
      tenant: "local",
      user: "root",
      service: "whostmgrd",
      acls: ["all"],
      creator: "root",
      credential: sha256(stack.rootToken),
    });
    const sessionId = await redeemLogin(login.loginSecret, login.cpSecurityToken);
    assert.ok(sessionId);
    return { login, sessionId };
  }

  const asRoot = (name: string, query: Record<string, string>, token = stack.rootToken) =>
    httpEvent(`/json-api/${name}`, new URLSearchParams({ "api.version": "1", ...query }).toString(), {
      headers: { authorization: `whm root:${token}`, host: "127.0.0.1" },
    });

  /** Every AWS action a function used that its role does not grant. */
  const ungranted = (calls: readonly RecordedCall[]) =>
    calls.flatMap((call) => {
      const fn = [...functions.values()].find((candidate) => accessKeyOf(candidate.name) === call.caller);
      if (!fn) return [`${call.caller}: ${call.target} (no such function)`];
      return needsOf(call)
        .filter((need) => !allows(fn.statements, need))
        .map((need) => `${fn.name}: ${need.action} on ${need.leadingKeys.join(", ") || "the resource"}`);
    });

  it("has one bundle per catalog function in the assembly, with --disable-proto=throw", () => {
    for (const { definition } of CATALOG) {
      assert.equal(
        functions.get(definition.name)?.environment.NODE_OPTIONS,
        "--disable-proto=throw",
        definition.name,
      );
    }
  });

  it("walks every catalog function through its bundle; each uses only actions its role grants", async () => {
    const setup: Array<[string, Record<string, string>]> = [
      [
        "set_provider_client_configurations",
        {
          provider_id: "google",
          service_name: "cpaneld",
          configurations: '{"client_id":"a","client_secret":"b"}',
        },
      ],
      ["enable_authentication_provider", { provider_id: "google", service_name: "cpaneld" }],
      ["api_token_create", { token_name: "bench-fixed" }],
    ];
    for (const [name, query] of setup) await invoke(name, asRoot(name, query));
    for (const { definition } of CATALOG) {
      const workload = WORKLOADS[definition.name];
      assert.ok(workload, `bench/workloads.ts has no call for ${definition.name}`);
      const response = await invoke(definition.name, asRoot(definition.name, workload(1)));
      assert.equal(response.statusCode, 200, definition.name);
      const { metadata } = JSON.parse(response.body);
      answers.set(definition.name, metadata);
      assert.doesNotMatch(metadata.reason, /internal error/, `${definition.name} failed inside its bundle`);
    }
    assert.deepEqual(ungranted([...dynamoProxy.calls, ...secretsProxy.calls]), []);
  });

  it("walks a provider sign-in through the start's and the return's bundles; each uses only actions its role grants", async () => {
    const signIn = stack.signIn;
    assert.ok(signIn);
    const whmcs = { provider_id: "whmcs", service_name: "whostmgrd" };
    const configurations = JSON.stringify({
      client_id: signIn.client.clientId,
      client_secret: signIn.client.clientSecret,
      well_known_config_uri: `${stack.portal.issuer}/.well-known/openid-configuration`,
    });
    const setup: Array<[string, Record<string, string>]> = [
      ["set_provider_client_configurations", { ...whmcs, configurations }],
      ["enable_authentication_provider", whmcs],
      // The walk above leaves the two-factor policy on; the security-code step is tested elsewhere.
      ["twofactorauth_disable_policy", {}],
      [
        "link_user_authn_provider",
        {
          username: "root",
          provider_id: "whmcs",
          subject_unique_identifier: signIn.testSubject,
          preferred_username: signIn.testSubject,
        },
      ],
    ];
    for (const [name, query] of setup) {
      const { body } = await invoke(name, asRoot(name, query));
      assert.equal(JSON.parse(body).metadata.result, 1, name);
    }
    const advertised = await invoke(
      "get_provider_client_configurations",
      asRoot("get_provider_client_configurations", whmcs),
    );
    assert.deepEqual(JSON.parse(advertised.body).data.client_configurations.redirect_uris, [
      "https://localhost/openid_connect_callback/whmcs",
    ]);
    dynamoProxy.calls.length = 0;
    secretsProxy.calls.length = 0;
    const browser = { host: "localhost" };
    const started = (await invoke(
      "openid_connect",
      httpEvent("/openid_connect/whmcs", "", { headers: browser }),
    )) as {
      statusCode: number;
      headers?: Record<string, string>;
      cookies?: string[];
    };
    assert.equal(started.statusCode, 302);
    const bound = started.cookies?.[0]?.split(";")[0] ?? "";
    assert.match(bound, /^whm_signin=/);
    const callback = new URL(
      (
        await new RedirectClient().follow(started.headers?.location ?? "", (url) =>
          url.includes("/openid_connect_callback/"),
        )
      ).url,
    );
    // The deployed shape of the redirect URI: the tenant's host name on 443 (the tenant domain).
    assert.equal(`${callback.origin}${callback.pathname}`, "https://localhost/openid_connect_callback/whmcs");
    const returned = (await invoke(
      "openid_connect_callback",
      httpEvent(callback.pathname, callback.search.slice(1), { headers: browser, cookies: [bound] }),
    )) as { statusCode: number; headers?: Record<string, string>; cookies?: string[] };
    assert.equal(returned.statusCode, 302, returned.headers?.location);
    assert.match(returned.headers?.location ?? "", /^\/cpsess\d{10}\/api-shell\/index\.html$/);
    assert.ok(returned.cookies?.some((cookie) => cookie.startsWith("whostmgrsession=")));
    assert.deepEqual(ungranted([...dynamoProxy.calls, ...secretsProxy.calls]), []);
    assert.ok(
      dynamoProxy.calls.some((call) => call.caller === "openidconnectcallback"),
      "the return used the table",
    );
  });

  it("walks a fleet sign-in through the provider's bundles: discovery, login page, code, KMS-signed ID token, userinfo", async () => {
    const callbackOf = "https://srv1.example.test:2087/openid_connect_callback/whmcs";
    const registered = await invoke(
      "register_openid_connect_client",
      asRoot("register_openid_connect_client", { name: "srv1", redirect_uri: callbackOf }),
    );
    const { client, client_secret: secret } = JSON.parse(registered.body).data;
    dynamoProxy.calls.length = 0;
    secretsProxy.calls.length = 0;
    kmsProxy.calls.length = 0;
    const browser = { host: "localhost" };
    const discovered = JSON.parse(
      (
        await invoke(
          "openid_discovery",
          httpEvent("/.well-known/openid-configuration", "", { headers: browser }),
        )
      ).body,
    );
    assert.equal(discovered.issuer, "https://localhost", "the tenant's host name on 443");
    const query = new URLSearchParams({
      client_id: client.client_id,
      redirect_uri: callbackOf,
      response_type: "code",
      scope: "openid profile email",
      state: "st1",
      nonce: "n1",
    }).toString();
    const page = await invoke(
      "openid_authorize",
      httpEvent("/openid/authorize", query, { headers: browser }),
    );
    assert.equal(page.statusCode, 200, page.body);
    const start = new URL(
      (/href="([^"]*openid_connect\/whmcs[^"]*)"/.exec(page.body)?.[1] ?? "").replaceAll("&amp;", "&"),
      "https://localhost",
    );
    const started = (await invoke(
      "openid_connect",
      httpEvent(start.pathname, start.search.slice(1), { headers: browser }),
    )) as { statusCode: number; headers?: Record<string, string>; cookies?: string[] };
    const bound = started.cookies?.[0]?.split(";")[0] ?? "";
    const callback = new URL(
      (
        await new RedirectClient().follow(started.headers?.location ?? "", (url) =>
          url.includes("/openid_connect_callback/"),
        )
      ).url,
    );
    const returned = (await invoke(
      "openid_connect_callback",
      httpEvent(callback.pathname, callback.search.slice(1), { headers: browser, cookies: [bound] }),
    )) as { statusCode: number; headers?: Record<string, string>; cookies?: string[] };
    const back = new URL(returned.headers?.location ?? "");
    assert.equal(
      `${back.origin}${back.pathname}`,
      "https://srv1.example.test:2087/openid_connect_callback/whmcs",
    );
    assert.equal(back.searchParams.get("state"), "st1");
    const exchanged = await invoke(
      "openid_token",
      httpEvent("/openid/token", "", {
        headers: browser,
        body: new URLSearchParams({
          grant_type: "authorization_code",
          code: back.searchParams.get("code") ?? "",
          redirect_uri: callbackOf,
          client_id: client.client_id,
          client_secret: secret,
        }).toString(),
      }),
    );
    assert.equal(exchanged.statusCode, 200, exchanged.body);
    const tokens = JSON.parse(exchanged.body);
    const [header = "", payload = "", signature = ""] = tokens.id_token.split(".");
    const jwks = JSON.parse(
      (await invoke("openid_discovery", httpEvent("/openid/jwks", "", { headers: browser }))).body,
    );
    const { kid } = JSON.parse(Buffer.from(header, "base64url").toString());
    const jwk = jwks.keys.find((key: { kid: string }) => key.kid === kid);
    assert.ok(jwk, "the JWKS publishes the key the token names");
    assert.ok(
      verify(
        "sha256",
        Buffer.from(`${header}.${payload}`),
        createPublicKey({ key: jwk, format: "jwk" }),
        Buffer.from(signature, "base64url"),
      ),
      "the ID token verifies against the JWKS",
    );
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
    assert.equal(claims.preferred_username, "root");
    assert.equal(claims.nonce, "n1");
    const info = await invoke(
      "openid_userinfo",
      httpEvent("/openid/userinfo", "", {
        headers: { ...browser, authorization: `Bearer ${tokens.access_token}` },
      }),
    );
    assert.equal(JSON.parse(info.body).preferred_username, "root");
    // Single sign-on: the next request with the sign-in's SSO cookie gets a code at once, under the same role.
    const sso = returned.cookies?.find((cookie) => cookie.startsWith("whm_sso="))?.split(";")[0] ?? "";
    const again = (await invoke(
      "openid_authorize",
      httpEvent("/openid/authorize", query, { headers: browser, cookies: [sso] }),
    )) as { statusCode: number; headers?: Record<string, string> };
    assert.equal(again.statusCode, 302);
    assert.ok(
      new URL(again.headers?.location ?? "").searchParams.get("code"),
      "a code without the login page",
    );
    assert.deepEqual(ungranted([...dynamoProxy.calls, ...secretsProxy.calls, ...kmsProxy.calls]), []);
    assert.ok(kmsProxy.calls.some((call) => call.target.endsWith(".Sign") && call.caller === "openidtoken"));
  });

  it("walks a passkey through its bundles: added from a session, then signing in alone; each uses only actions its role grants", async () => {
    const { login, sessionId } = await rootSession();
    dynamoProxy.calls.length = 0;
    // The deployed origin of the tenant's host: https on 443 (SERVICE_BASE_URL https://{host}).
    const origin = "https://localhost";
    const authenticator = new SoftAuthenticator();
    const path = `${login.cpSecurityToken}/passkeys`;
    const session = {
      headers: { host: "localhost" },
      cookies: [`whostmgrsession=${encodeURIComponent(sessionId)}`],
    };
    const page = await invoke("passkey_registration", httpEvent(path, "", session));
    assert.equal(page.statusCode, 200, page.body);
    const credential = authenticator.register(embeddedOptions(page.body), origin);
    const added = await invoke(
      "passkey_registration",
      httpEvent(path, "", {
        ...session,
        body: new URLSearchParams({ name: "Deployed", credential }).toString(),
      }),
    );
    assert.equal(added.statusCode, 302, added.body);
    const signInPage = (await invoke(
      "passkey_sign_in",
      httpEvent("/openid/passkey", "", { headers: { host: "localhost" } }),
    )) as { statusCode: number; body: string; cookies?: string[] };
    const bound = signInPage.cookies?.[0]?.split(";")[0] ?? "";
    assert.match(bound, /^whm_passkey=/);
    const answer = authenticator.signIn(embeddedOptions(signInPage.body), origin);
    const signedIn = (await invoke(
      "passkey_sign_in",
      httpEvent("/openid/passkey", "", {
        headers: { host: "localhost" },
        cookies: [bound],
        body: new URLSearchParams({ credential: answer }).toString(),
      }),
    )) as { statusCode: number; headers?: Record<string, string>; body: string };
    assert.equal(signedIn.statusCode, 302, signedIn.body);
    assert.match(signedIn.headers?.location ?? "", /^\/cpsess\d{10}\/api-shell\/index\.html$/);
    assert.deepEqual(ungranted(dynamoProxy.calls), []);
    assert.ok(dynamoProxy.calls.some((call) => call.caller === "passkeysignin"));
  });

  it("an idle /cpsess session's next call (which records activity) works in a read-only function", async () => {
    const { login, sessionId } = await rootSession();
    const before = dynamoProxy.calls.length;
    const event = httpEvent(
      `${login.cpSecurityToken}/json-api/get_provider_configuration_fields`,
      "provider_id=google&service_name=cpaneld",
      {
        cookies: [`whostmgrsession=${encodeURIComponent(sessionId)}`],
        headers: { host: "127.0.0.1" },
      },
    );
    const response = await invoke("get_provider_configuration_fields", event, { clockAheadSeconds: 120 });
    assert.equal(JSON.parse(response.body).metadata.result, 1, response.body);
    const calls = dynamoProxy.calls.slice(before);
    assert.ok(
      calls.some((call) => call.target.endsWith(".UpdateItem")),
      "the session's activity was recorded",
    );
    assert.deepEqual(ungranted(calls), []);
  });

  it("two warm containers: a token revoked through one is refused by the other on its next call", async () => {
    const lister = startContainer("api_token_list");
    const revoker = startContainer("api_token_revoke");
    const { token } = await createToken({
      tenant: "local",
      user: "root",
      name: "two-containers",
      acls: ["all"],
    });
    const before = await lister.call(asRoot("api_token_list", {}, token));
    assert.equal(JSON.parse(before.body).metadata.result, 1);
    const revoked = await revoker.call(asRoot("api_token_revoke", { token_name: "two-containers" }));
    assert.equal(JSON.parse(revoked.body).metadata.result, 1, revoked.body);
    const afterRevoke = await lister.call(asRoot("api_token_list", {}, token));
    assert.equal(afterRevoke.statusCode, 403);
  });

  it("two warm containers: a token's ACLs narrowed through one hold in the other on its next call", async () => {
    const lister = startContainer("api_token_list");
    const updater = startContainer("api_token_update");
    const { token } = await createToken({ tenant: "local", user: "root", name: "narrowed", acls: ["all"] });
    assert.equal(
      JSON.parse((await lister.call(asRoot("api_token_list", {}, token))).body).metadata.result,
      1,
    );
    const narrowed = await updater.call(
      asRoot("api_token_update", { token_name: "narrowed", acl: "list-accts" }),
    );
    assert.equal(JSON.parse(narrowed.body).metadata.result, 1, narrowed.body);
    const refused = JSON.parse((await lister.call(asRoot("api_token_list", {}, token))).body);
    assert.equal(refused.metadata.result, 0);
    assert.match(refused.metadata.reason, /manage-api-tokens/);
  });

  it("two warm containers: a provider secret written through one is read by the other on its next call", async () => {
    const reader = startContainer("get_provider_client_configurations");
    const writer = startContainer("set_provider_client_configurations");
    const clientId = async () => {
      const query = { provider_id: "google", service_name: "cpaneld" };
      const { data } = JSON.parse(
        (await reader.call(asRoot("get_provider_client_configurations", query))).body,
      );

      return data?.client_configurations?.client_id;
    };
    const write = async (id: string) => {
      const configurations = JSON.stringify({ client_id: id, client_secret: "s" });
      const answer = await writer.call(
        asRoot("set_provider_client_configurations", {
          provider_id: "google",
          service_name: "cpaneld",
          configurations,
        }),
      );
      assert.equal(JSON.parse(answer.body).metadata.result, 1, answer.body);
    };
    await write("first-id");
    assert.equal(await clientId(), "first-id");
    await write("second-id");
    assert.equal(await clientId(), "second-id");
  });

  it("an internal error writes the InternalErrors metric (EMF) for the function and the stage", async () => {
    const { response, output } = await invokeWithOutput("api_token_list", asRoot("api_token_list", {}), {
      env: { TABLE_NAME: "" },
    });
    assert.match(JSON.parse(response.body).metadata.reason, /internal error/);
    const emf = output.map((line) => JSON.parse(line)).find((line) => line._aws);
    assert.ok(emf, output.join("\n"));
    assert.equal(emf.InternalErrors, 1);
    assert.equal(emf.function, "api_token_list");
    assert.deepEqual(emf._aws.CloudWatchMetrics[0].Dimensions, [["service"], ["service", "function"]]);
    assert.equal(emf._aws.CloudWatchMetrics[0].Namespace, "whm-serverless/dev");
  });

  it("a successful call writes no log line at the prod default level (INFO)", async () => {
    const { response, output } = await invokeWithOutput("api_token_list", asRoot("api_token_list", {}), {
      env: { POWERTOOLS_LOG_LEVEL: "", AWS_LAMBDA_LOG_LEVEL: "INFO" },
    });
    assert.equal(JSON.parse(response.body).metadata.result, 1);
    assert.deepEqual(output, []);
  });

  it("a failed authentication writes the AuthenticationFailures metric and no log line", async () => {
    const { response, output } = await invokeWithOutput(
      "api_token_list",
      asRoot("api_token_list", {}, "X".repeat(32)),
      { env: { POWERTOOLS_LOG_LEVEL: "", AWS_LAMBDA_LOG_LEVEL: "INFO" } },
    );
    assert.equal(response.statusCode, 403);
    assert.deepEqual(
      output.map((line) => Object.keys(JSON.parse(line)).includes("AuthenticationFailures")),
      [true],
    );
  });

  it("would catch a missing grant: a call outside a role is reported", () => {
    const forged: RecordedCall = {
      caller: accessKeyOf("get_provider_configuration_fields"),
      target: "DynamoDB_20120810.DeleteItem",
      body: { Key: { pk: { S: "TENANT#local" } } },
    };
    assert.deepEqual(ungranted([forged]), [
      "get_provider_configuration_fields: dynamodb:DeleteItem on TENANT#local",
    ]);
  });
});
