import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { main } from "../../cli/whmapi1.js";
import { freePort } from "../../local/free-port.js";
import { npmStart } from "../helpers/npm-start.js";
import { addPasskey, signedInBrowser } from "../helpers/passkeys.js";
import { SoftAuthenticator } from "../helpers/soft-authenticator.js";
import { codeAt } from "../helpers/totp.js";

/**
 * The README's examples, run as written, in the README's order, against a fresh `npm start`: the
 * curl lines of "Two commands" and every `whmapi1` example of the Functions table. Only what the
 * README says to fill in is filled in (TOKEN, SECRET and the code, CODE); each must succeed.
 */
const repo = resolve(import.meta.dirname, "../..");
const run = promisify(execFile);

/** A command line's words as a POSIX shell splits them (quotes, backslash-newline). */
function shellWords(line: string): string[] {
  const words: string[] = [];
  const pattern = /'([^']*)'|"((?:\\.|[^"\\])*)"|((?:\\.|[^\s'"\\])+)|(\s+)/g;
  let word: string | undefined;
  for (const [, single, double, bare, space] of line.replace(/\\\n/g, " ").matchAll(pattern)) {
    if (space !== undefined) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else word = (word ?? "") + (single ?? double?.replace(/\\(.)/g, "$1") ?? bare ?? "");
  }
  if (word !== undefined) words.push(word);
  return words;
}

const readme = await readFile(join(repo, "README.md"), "utf8");
const section = (heading: string) =>
  readme.slice(readme.indexOf(heading), readme.indexOf("\n## ", readme.indexOf(heading) + 1));
const firstBlock = /```sh\n(TOKEN=[\s\S]*?)```/.exec(section("## Two commands"))?.[1] ?? "";
const commands = firstBlock
  .replace(/\\\n/g, " ")
  .split("\n")
  .filter((line) => /^(curl|npm run portal-code)/.test(line));
const tableExamples = [...section("## Functions").matchAll(/^\| `(\w+)`[^\n]*?\| `(whmapi1 [^`]+)`/gm)].map(
  ([, name, example]) => ({ name, words: shellWords(example ?? "").slice(1) }),
);

describe("the README's examples against a fresh npm start", () => {
  let dataDir: string;
  let stack: Awaited<ReturnType<typeof npmStart>>;
  let url: string;
  let token: string;
  const env = () => ({
    ...process.env,
    WHM_DATA_DIR: dataDir,
    WHM_API_URL: url,
    WHM_API_USER: "root",
    WHM_API_TOKEN: token,
  });

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "whm-readme-"));
    const port = await freePort();
    stack = await npmStart({ WHM_DATA_DIR: dataDir, PORT: String(port) });
    url = `http://127.0.0.1:${port}`;
    token = (await readFile(join(dataDir, "root-token"), "utf8")).trim();
  });
  after(async () => {
    await stack?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** The command line's own main (bin/whmapi1.ts runs it), in this process: its exit status and output. */
  const whmapi1 = async (argv: string[]) => {
    Object.assign(process.env, { WHM_API_URL: url, WHM_API_USER: "root", WHM_API_TOKEN: token });
    const write = process.stdout.write;
    let stdout = "";
    // The test runner's own reports go out on stdout too, as bytes: those pass through.
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
      if (typeof chunk !== "string") return write.call(process.stdout, chunk, ...rest);
      stdout += chunk;
      return true;
    }) as typeof process.stdout.write;
    try {
      return { code: await main(argv), stdout };
    } finally {
      process.stdout.write = write;
    }
  };

  const portalCode = async () => {
    const { stdout } = await run(process.execPath, ["--import", "tsx", "bin/portal-code.ts"], {
      cwd: repo,
      env: env(),
    });
    return /^code=(\S+)$/m.exec(stdout)?.[1] ?? "";
  };

  /** A passkey root adds from a session at the tenant's host (a software authenticator answers). */
  const rootPasskey = async () => {
    const origin = url.replace("127.0.0.1", "localhost");
    const authenticator = new SoftAuthenticator();
    const added = await addPasskey(await signedInBrowser(origin, url, token), origin, authenticator);
    assert.equal(added.status, 302, added.text);
    return authenticator.credentials[0]?.id.toString("base64url");
  };

  it("finds the examples it runs", () => {
    assert.equal(commands.filter((line) => line.startsWith("curl")).length, 4);
    const rows = section("## Functions").match(/^\| `\w+`/gm) ?? [];
    assert.ok(rows.length >= 30);
    assert.equal(tableExamples.length, rows.length, "every row of the Functions table has a whmapi1 example");
  });

  it("runs the curl lines of Two commands", async () => {
    let code = "";
    for (const line of commands) {
      if (line.startsWith("npm run portal-code")) {
        code = await portalCode();
        continue;
      }
      const words = shellWords(line.replace(/\$TOKEN/g, token).replace("code=CODE", `code=${code}`));
      const headers: Record<string, string> = {};
      const form = new URLSearchParams();
      let target = "";
      for (let i = 1; i < words.length; i++) {
        const word = words[i] ?? "";
        if (word === "-H") {
          const [name = "", ...value] = (words[++i] ?? "").split(": ");
          headers[name] = value.join(": ");
        } else if (word === "--data-urlencode") {
          const [name = "", ...value] = (words[++i] ?? "").split("=");
          form.append(name, value.join("="));
        } else target = word.replace("http://127.0.0.1:2087", url);
      }
      const response = await fetch(target, form.size ? { method: "POST", headers, body: form } : { headers });
      const text = await response.text();
      assert.equal(response.status, 200, `${line}\n${text}`);
      assert.match(text, /"result":1|<result>1<\/result>/, `${line}\n${text}`);
    }
  });

  it("runs every whmapi1 example of the Functions table, in order", async () => {
    const last: Record<string, Record<string, unknown>> = {};
    for (const { name, words } of tableExamples) {
      const filled = await Promise.all(
        words.map(async (word) => {
          if (word === "token=TOKEN") return `token=${last.api_token_create?.token}`;
          if (name === "twofactorauth_set_tfa_config" && word === "secret=SECRET")
            return `secret=${last.twofactorauth_generate_tfa_config?.secret}`;
          if (word === "tfa_token=123456")
            return `tfa_token=${codeAt(String(last.twofactorauth_generate_tfa_config?.secret))}`;
          if (word === "code=CODE") return `code=${await portalCode()}`;
          if (word === "credential_id=CREDENTIAL_ID") return `credential_id=${await rootPasskey()}`;
          if (word === "client_id=CLIENT_ID") {
            const registered = last.register_openid_connect_client?.client as
              | { client_id?: string }
              | undefined;
            return `client_id=${registered?.client_id}`;
          }
          return word;
        }),
      );
      const answer = await whmapi1([...filled, "--output=json"]);
      assert.equal(answer.code, 0, `whmapi1 ${words.join(" ")}\n${answer.stdout}`);
      last[name ?? ""] = JSON.parse(answer.stdout).data ?? {};
    }
  });
});
