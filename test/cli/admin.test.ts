import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { getAccount } from "../../lambdas/stores/accounts.js";
import { findToken } from "../../lambdas/stores/tokens.js";
import { startTestStack, type TestStack } from "../helpers/local-stack.js";
import { listacctsOutput, listacctsRow } from "../helpers/whm-accounts.js";

/** Runs `npm run admin -- ARGS` (bin/admin.ts) against the test stack; never rejects. */
function admin(dataDir: string, args: string[]) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "bin/admin.ts", ...args],
      { env: { ...process.env, WHM_DATA_DIR: dataDir } },
      // The last line of stderr: Node.js and the AWS SDK may warn about the runtime before it.
      (error, stdout, stderr) =>
        resolve({
          code: error ? Number(error.code ?? 1) : 0,
          stdout,
          stderr: stderr.trim().split("\n").at(-1) ?? "",
        }),
    );
  });
}

describe("npm run admin", () => {
  let stack: TestStack;
  let dataDir: string;

  before(async () => {
    stack = await startTestStack();
    dataDir = await mkdtemp(join(tmpdir(), "whm-admin-"));
    // What `npm start` writes for the local commands to find the running stack.
    await writeFile(
      join(dataDir, "stack.json"),
      JSON.stringify({
        url: stack.url,
        dynamoEndpoint: stack.dynamo.endpoint,
        table: process.env.TABLE_NAME,
        secretsFile: process.env.SECRETS_FILE,
      }),
    );
  });
  after(async () => {
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("prints its usage for --help, with every command", async () => {
    const { code, stdout } = await admin(dataDir, ["--help"]);
    assert.equal(code, 0);
    for (const command of ["create-tenant", "set-tenant-ip", "rotate-root-token", "import-accounts"])
      assert.match(stdout, new RegExp(command));
  });

  it("answers an unknown option with one line and exit status 2, no stack trace", async () => {
    const { code, stderr } = await admin(dataDir, ["list-tenants", "--nonsense"]);
    assert.equal(code, 2);
    assert.match(stderr, /^admin: Unknown option '--nonsense'.* \(see --help\)$/);
  });

  it("names the unknown tenant of set-tenant-ip", async () => {
    const { code, stderr } = await admin(dataDir, [
      "set-tenant-ip",
      "--id",
      "nobody",
      "--ip",
      "192.0.2.1",
      "--local",
    ]);
    assert.equal(code, 1);
    assert.equal(stderr, 'admin: no tenant "nobody"');
  });

  it("rotate-root-token --local --id local rewrites the local root-token file", async () => {
    const { code, stdout } = await admin(dataDir, ["rotate-root-token", "--id", "local", "--local"]);
    assert.equal(code, 0);
    const printed = /new root token \(shown once\): (\S+)/.exec(stdout)?.[1] ?? "";
    assert.equal((await readFile(join(dataDir, "root-token"), "utf8")).trim(), printed);
    assert.ok(await findToken(printed));
  });

  it("import-accounts refuses whmapi1's error answer and an empty list, changing nothing", async () => {
    const file = join(dataDir, "accts.json");
    await writeFile(file, JSON.stringify(listacctsOutput([listacctsRow("imported")])));
    const args = ["import-accounts", "--id", "local", "--server", "srvx", "--listaccts", file, "--local"];
    assert.equal((await admin(dataDir, args)).code, 0);
    await writeFile(file, JSON.stringify({ metadata: { result: 0, reason: "License is not valid" } }));
    const failed = await admin(dataDir, args);
    assert.equal(failed.code, 1);
    assert.match(failed.stderr, /License is not valid/);
    await writeFile(file, JSON.stringify(listacctsOutput([])));
    assert.equal((await admin(dataDir, args)).code, 1);
    assert.ok(await getAccount("local", "imported"));
    assert.equal((await admin(dataDir, [...args, "--empty-server"])).code, 0);
    assert.equal(await getAccount("local", "imported"), undefined);
  });

  it("records the operator's changes in the tenant's audit trail, as the operator's", async () => {
    const { code } = await admin(dataDir, [
      "set-tenant-ip",
      "--id",
      "local",
      "--ip",
      "192.0.2.77",
      "--local",
    ]);
    assert.equal(code, 0);
    const rotated = await admin(dataDir, ["rotate-root-token", "--id", "local", "--local"]);
    const token = /new root token \(shown once\): (\S+)/.exec(rotated.stdout)?.[1] ?? "";
    const events = (await stack.call("audit_event_list", {}, { token })).json.data.events as Array<
      Record<string, string>
    >;
    const ours = events.filter((event) => event.via === "admin").slice(0, 3);
    assert.deepEqual(
      ours.map((event) => [event.function, event.target, event.detail]),
      [
        ["admin rotate-root-token", "root/root", "created"],
        ["admin rotate-root-token", "root/root", "revoked"],
        ["admin set-tenant-ip", "tenant/local", "server IP address set to 192.0.2.77"],
      ],
    );
    assert.ok(ours.every((event) => event.source_ip === "operator" && (event.actor ?? "").length > 0));
    assert.ok(!JSON.stringify(events).includes(token), "the new token is not in the trail");
  });
});
