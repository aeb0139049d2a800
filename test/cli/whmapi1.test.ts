import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { formatOutput, help, parseCommandLine } from "../../cli/whmapi1.js";
import { CATALOG } from "../../lambdas/catalog.js";
import { startTestStack, type TestStack } from "../helpers/local-stack.js";

const run = promisify(execFile);

describe("whmapi1 command line", () => {
  it("reads the function, key=value pairs (values may contain =) and --output", () => {
    const parsed = parseCommandLine([
      "api_token_create",
      "token_name=a",
      "acl=x",
      "acl-1=y=z",
      "--output=jsonpretty",
    ]);
    assert.equal(parsed.fn, "api_token_create");
    assert.deepEqual(parsed.pairs, [
      ["token_name", "a"],
      ["acl", "x"],
      ["acl-1", "y=z"],
    ]);
    assert.equal(parsed.output, "jsonpretty");
  });

  it("takes --url X as well as --url=X, for every option", () => {
    const spaced = parseCommandLine([
      "f",
      "--url",
      "http://a",
      "--user",
      "bob",
      "--token",
      "T",
      "--output",
      "json",
      "k=v",
    ]);
    const joined = parseCommandLine([
      "f",
      "--url=http://a",
      "--user=bob",
      "--token=T",
      "--output=json",
      "k=v",
    ]);
    for (const parsed of [spaced, joined]) {
      assert.deepEqual(parsed.options, { url: "http://a", user: "bob", token: "T", output: "json" });
      assert.deepEqual(parsed.pairs, [["k", "v"]]);
    }
  });

  it("refuses an unknown option", () => {
    assert.throws(() => parseCommandLine(["f", "--colour=red"]), /colour/);
  });

  it("defaults to YAML and refuses unknown outputs and bare words", () => {
    assert.equal(parseCommandLine(["f"]).output, "yaml");
    assert.throws(() => parseCommandLine(["f", "--output=csv"]), /--output must be one of/);
    assert.throws(() => parseCommandLine(["f", "nonsense"]), /key=value/);
  });

  it("writes YAML and pretty JSON with sorted keys, as cPanel's tool does", () => {
    const body = '{"metadata":{"version":1,"reason":"OK","result":1,"command":"f"},"data":{"b":1,"a":[2]}}';
    assert.equal(
      formatOutput(body, "yaml"),
      "---\ndata:\n  a:\n    - 2\n  b: 1\nmetadata:\n  command: f\n  reason: OK\n  result: 1\n  version: 1\n",
    );
    assert.match(formatOutput(body, "jsonpretty"), /^\{\n {3}"data": \{\n {6}"a": \[/);
  });

  it("--help lists every catalog function with its parameters", () => {
    const text = help();
    for (const { definition } of CATALOG) assert.ok(text.includes(definition.name), definition.name);
    assert.match(help("set_provider_client_configurations"), /configurations {2}\(required, json\)/);
  });

  describe("against the local gateway", () => {
    let stack: TestStack;
    before(async () => {
      stack = await startTestStack();
    });
    after(() => stack.stop());

    const whmapi1 = async (...args: string[]) => {
      try {
        const { stdout } = await run(process.execPath, ["bin/whmapi1.js", ...args], {
          env: {
            ...process.env,
            WHM_API_URL: stack.url,
            WHM_API_TOKEN: stack.rootToken,
            WHMAPI1_CONFIG: "/nonexistent",
          },
        });
        return { stdout, code: 0 };
      } catch (error) {
        const failed = error as { stdout: string; code: number };
        return { stdout: failed.stdout, code: failed.code };
      }
    };

    it("prints the envelope as pretty JSON and exits 0 on success", async () => {
      const { stdout, code } = await whmapi1(
        "get_provider_client_configurations",
        "provider_id=cpanelid",
        "service_name=cpaneld",
        "--output=jsonpretty",
      );
      assert.equal(code, 0);
      assert.equal(JSON.parse(stdout).metadata.result, 1);
    });

    it("prints the XML envelope with --output=xml", async () => {
      const { stdout } = await whmapi1(
        "get_provider_client_configurations",
        "provider_id=cpanelid",
        "service_name=cpaneld",
        "--output=xml",
      );
      assert.match(
        stdout,
        /^<\?xml version="1.0" encoding="UTF-8"\?>\n<result><data><client_configurations>/,
      );
    });

    it("URI-encodes values and exits 1 when result is 0", async () => {
      const { stdout, code } = await whmapi1(
        "set_provider_client_configurations",
        "provider_id=cpanelid",
        "service_name=cpaneld",
        'configurations={"client_id":"a b&c=d","client_secret":"+x%"}',
      );
      assert.equal(code, 0, stdout);
      const read = await whmapi1(
        "get_provider_client_configurations",
        "provider_id=cpanelid",
        "service_name=cpaneld",
        "--output=json",
      );
      assert.equal(JSON.parse(read.stdout).data.client_configurations.client_secret, "+x%");
      const failed = await whmapi1(
        "get_provider_client_configurations",
        "provider_id=cpanelid",
        "service_name=ftpd",
      );
      assert.equal(failed.code, 1);
      assert.match(
        failed.stdout,
        /^---\nmetadata:\n {2}command: get_provider_client_configurations\n {2}reason: "?API failure: \(XID [a-z2-9]{6}\) Currently, only/,
      );
    });
  });
});
