import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { startTestStack, type TestStack } from "../helpers/local-stack.js";
import { seedDirectory } from "../helpers/whm-accounts.js";

/** cPanel's own Perl client and its driver, shipped in shared/ beside the repository. */
const DRIVER = join(
  import.meta.dirname,
  "..",
  "..",
  "..",
  "shared",
  "clients",
  "cpanel-publicapi",
  "publicapi.pl",
);
const run = promisify(execFile);

describe("cPanel::PublicAPI (cPanel's Perl client) calls the service unchanged", {
  skip: !existsSync(DRIVER) && "shared/clients is not beside the repository",
}, () => {
  let stack: TestStack;
  before(async () => {
    stack = await startTestStack();
    await seedDirectory("local");
  });
  after(() => stack.stop());

  /** Runs the driver: its exit code (0 result 1, 1 result 0, 2 client error) and what it printed. */
  async function publicApi(args: string[], env: Record<string, string> = {}) {
    const url = new URL(stack.url);
    try {
      const { stdout } = await run("perl", [DRIVER, ...args], {
        env: {
          PATH: process.env.PATH,
          WHM_HOST: url.hostname,
          WHM_PORT: url.port,
          WHM_SCHEME: "http",
          WHM_USER: "root",
          WHM_TOKEN: stack.rootToken,
          ...env,
        },
      });
      return { code: 0, out: stdout };
    } catch (error) {
      const failed = error as { code: number; stdout: string };
      return { code: failed.code, out: failed.stdout };
    }
  }

  it("reads a provider's client configuration (form body sent as application/octet-stream)", async () => {
    const { code, out } = await publicApi([
      "get_provider_client_configurations",
      "provider_id=cpanelid",
      "service_name=cpaneld",
    ]);
    assert.equal(code, 0, out);
    assert.match(
      JSON.parse(out).data.client_configurations.redirect_uris[0],
      /openid_connect_callback\/cpanelid$/,
    );
  });

  it("sets a client configuration given as a JSON argument, then reads it back", async () => {
    const set = await publicApi([
      "set_provider_client_configurations",
      "provider_id=google",
      "service_name=cpaneld",
      'configurations={"client_id":"perl-id","client_secret":"perl-secret"}',
    ]);
    assert.equal(set.code, 0, set.out);
    const { out } = await publicApi([
      "get_provider_client_configurations",
      "provider_id=google",
      "service_name=cpaneld",
    ]);
    assert.equal(JSON.parse(out).data.client_configurations.client_id, "perl-id");
  });

  it("creates, lists and revokes an API token with numbered ACL arguments", async () => {
    const created = await publicApi([
      "api_token_create",
      "token_name=perl",
      "acl=list-accts",
      "acl-1=manage-api-tokens",
    ]);
    assert.equal(created.code, 0, created.out);
    assert.match(JSON.parse(created.out).data.token, /^[A-Z0-9]{32}$/);
    const listed = JSON.parse((await publicApi(["api_token_list"])).out);
    assert.ok(listed.data.tokens.perl);
    assert.equal((await publicApi(["api_token_revoke", "token_name=perl"])).code, 0);
  });

  it("lists accounts and opens a session", async () => {
    const accounts = JSON.parse((await publicApi(["listaccts", "searchtype=owner", "search=res1"])).out);
    assert.deepEqual(
      accounts.data.acct.map((a: { user: string }) => a.user),
      ["bob", "carol"],
    );
    const session = await publicApi(["create_user_session", "user=bob", "service=cpaneld"]);
    assert.equal(session.code, 0, session.out);
    assert.equal(JSON.parse(session.out).metadata.reason, "Created session");
  });

  it("gets the reason of a refused call", async () => {
    const { code, out } = await publicApi(["get_provider_client_configurations", "provider_id=cpanelid"]);
    assert.equal(code, 1);
    assert.match(JSON.parse(out).metadata.reason, /“service_name”/);
  });

  it("reads XML answers", async () => {
    const { code, out } = await publicApi(
      ["get_provider_configuration_fields", "provider_id=google", "service_name=cpaneld"],
      {
        WHM_FORMAT: "xml",
      },
    );
    assert.equal(code, 0, out);
    assert.match(out, /<metadata>.*<result>1<\/result>/s);
  });

  it("recognises an unknown function as the client expects", async () => {
    const { code, out } = await publicApi(["listpkgs"]);
    assert.equal(code, 2);
    assert.match(JSON.parse(out).client_error, /invalid API call of: listpkgs/);
  });

  it("reports refused credentials as an HTTP error", async () => {
    const { code, out } = await publicApi(["api_token_list"], { WHM_TOKEN: "X".repeat(32) });
    assert.equal(code, 2);
    assert.match(JSON.parse(out).client_error, /403/);
  });
});
