import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import fc from "fast-check";
import { XMLParser } from "fast-xml-parser";
import { CATALOG } from "../../lambdas/catalog.js";
import { db, tableName } from "../../lambdas/stores/dynamo.js";
import { secretStore } from "../../lambdas/stores/secrets/index.js";
import { createTenantWithRootToken } from "../../lambdas/stores/tenants.js";
import { startTestStack, type TestStack } from "../helpers/local-stack.js";

const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
/** One seed for the whole run, so a failure repeats with FUZZ_SEED=N; printed with every failure. */
const SEED = Number(process.env.FUZZ_SEED ?? 20261204);

/** Everything stored, minus what changes without a write (activity timestamps). */
async function storeSnapshot(): Promise<string> {
  const { Items = [] } = await db().send(new ScanCommand({ TableName: tableName(), ConsistentRead: true }));
  // Failure counters are what a refusal writes by design (a wrong two-factor code counts toward the
  // user's limit, as a wrong token does): the data must stay as it was, the defence must not.
  const items = Items.filter((item) => item.sk !== "AUTHFAIL")
    .map(({ last_seen: _ignored, ...item }) => item)
    .sort((a, b) => `${a.pk}${a.sk}`.localeCompare(`${b.pk}${b.sk}`));
  return JSON.stringify({ items, secrets: await secretStore().get("local") });
}

const adversarial = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom(
    "",
    " ",
    "\u0000",
    "\r\n",
    "' OR '1'='1",
    "<script>alert(1)</script>",
    "]]><x>",
    "../../../etc/passwd",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a log-injection payload, sent as plain text
    "${jndi:ldap://x}",
    "%00",
    "{}",
    "[]",
    "null",
    '{"client_id":{"$ne":1}}',
    '{"client_id":"a","client_secret":"b","__proto__":{"x":1}}',
    "9".repeat(400),
    "-1",
    "1e309",
    "cpaneld",
    "google",
    "root",
  ),
  fc.constant("x".repeat(70_000)),
  fc.json(),
);

/** Own properties of the shared prototypes, to prove no request added or changed any. */
const globalShape = () =>
  JSON.stringify(
    [Object.prototype, Array.prototype, Function.prototype].map((proto) =>
      Object.getOwnPropertyNames(proto)
        .sort()
        .map((name) => `${name}:${typeof Object.getOwnPropertyDescriptor(proto, name)?.value}`),
    ),
  );

describe("hostile input to every catalog function through the gateway", () => {
  let stack: TestStack;
  let otherToken: string;
  /** What another tenant sees; hostile calls of one tenant must never change it. */
  const otherTenantView = async () =>
    JSON.stringify(
      await Promise.all(
        ["api_token_list", "get_available_authentication_providers", "get_users_authn_linked_accounts"].map(
          async (fn) => (await stack.call(fn, {}, { token: otherToken })).json,
        ),
      ),
    );
  before(async () => {
    stack = await startTestStack();
    otherToken = await createTenantWithRootToken({ id: "bystander", hostname: "bystander.example" });
  });
  after(() => stack.stop());

  it("always answers a WHM envelope, never 5xx or a stack trace, and refused calls change nothing", async (t) => {
    const xml = new XMLParser();
    let requests = 0;
    const shape = globalShape();
    const view = await otherTenantView();
    for (const { definition } of CATALOG) {
      const names = [
        ...Object.keys(definition.params),
        "api.version",
        "api.filter.enable",
        "api.filter.a.field",
        "api.chunk.size",
        "api.sort.a.method",
        "acl-1",
        "x",
        // Names that reach an object's prototype machinery if used as keys.
        "__proto__",
        "constructor",
        "api.__proto__.expires_at",
        "api.constructor.prototype.polluted",
        "api.filter.__proto__.field",
        "api.sort.constructor.method",
        "api.columns.hasOwnProperty",
      ];
      const pairs = fc.array(fc.tuple(fc.constantFrom(...names), adversarial), { maxLength: 6 });
      await fc
        .assert(
          fc.asyncProperty(
            pairs,
            fc.constantFrom("json" as const, "xml" as const),
            fc.boolean(),
            async (params, format, post) => {
              const before = await storeSnapshot();
              // Over 8 KB the arguments go in the body, as clients do: URLs that long are refused by the
              // gateway itself (API Gateway answers 414), before any function runs.
              const method = post || JSON.stringify(params).length > 8_000 ? "POST" : "GET";
              const { status, text } = await stack.call(definition.name, params, { format, method });
              requests++;
              assert.ok(status === 200, `${definition.name} answered HTTP ${status}`);
              assert.doesNotMatch(text, /\bat [\w.<>]+ \(|node:internal|\.ts:\d+/);
              const envelope = format === "json" ? JSON.parse(text) : xml.parse(text).result;
              assert.equal(envelope.metadata.command, definition.name);
              assert.ok([0, 1, "0", "1"].includes(envelope.metadata.result));
              assert.equal(typeof envelope.metadata.reason, "string");
              // A code the portal refused stays claimed and the session's portal token is dropped, as
              // WHM does (Whostmgr/TicketSupport/Token.pm): the only refusals that write, by design.
              const refusedByPortal = /cPanel Customer Portal/.test(envelope.metadata.reason);
              if (Number(envelope.metadata.result) === 0 && !refusedByPortal) {
                assert.equal(
                  await storeSnapshot(),
                  before,
                  `${definition.name} changed the store while refusing`,
                );
              }
            },
          ),
          { numRuns: RUNS, seed: SEED },
        )
        .catch((error: Error) => {
          throw new Error(`${definition.name} (FUZZ_SEED=${SEED}): ${error.message}`);
        });
    }
    assert.equal(globalShape(), shape, "a request changed a shared prototype");
    assert.equal(await otherTenantView(), view, "another tenant's answers changed");
    t.diagnostic(`requests fuzzed: ${requests} over ${CATALOG.length} functions`);
  });

  it("answers malformed paths and bodies with an envelope or a plain 4xx, never 5xx", async () => {
    const probes: Array<[string, RequestInit?]> = [
      ["/json-api/api_token_list?%ZZ=1"],
      ["/json-api/api_token_list?a=%E0%A4%A"],
      [
        "/xml-api/api_token_list",
        {
          method: "POST",
          body: "%%%&&&===",
          headers: { "content-type": "application/x-www-form-urlencoded" },
        },
      ],
      [
        "/json-api/api_token_list",
        { method: "POST", body: "\u0000\u0001", headers: { "content-type": "application/octet-stream" } },
      ],
      ["/json-api/api_token_list", { method: "DELETE" }],
    ];
    for (const [path, init] of probes) {
      const response = await fetch(`${stack.url}${path}`, {
        ...init,
        headers: {
          ...(init?.headers as Record<string, string>),
          authorization: `whm root:${stack.rootToken}`,
        },
      });
      const text = await response.text();
      assert.ok(response.status < 500, `${path} → ${response.status}`);
      assert.doesNotMatch(text, /node:internal|\.ts:\d+/);
    }
  });
});
