import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { awsCallCounts, resetAwsCallCounts } from "../../lambdas/kernel/aws-calls.js";
import { createToken } from "../../lambdas/stores/tokens.js";
import { startTestStack, type TestStack } from "../helpers/local-stack.js";
import { seedDirectory } from "../helpers/whm-accounts.js";

// Pages of three items, so that a handful of records spans several pages.
process.env.LIST_PAGE_ITEMS = "3";

describe("lists read one page per call and say how to get the rest", () => {
  let stack: TestStack;
  before(async () => {
    stack = await startTestStack();
    for (const name of ["a1", "a2", "a3", "a4", "a5", "a6", "a7"]) {
      await createToken({ tenant: "local", user: "root", name, acls: ["list-accts"] });
    }
    await seedDirectory("local");
  });
  after(() => stack.stop());

  const names = (json: Record<string, any>) => Object.keys(json.data?.tokens ?? {});

  it("gives a page of tokens with the cursor of the next in metadata.chunk.next, until the list ends", async () => {
    const seen: string[] = [];
    let next: string | undefined;
    let calls = 0;
    do {
      const { json } = await stack.call("api_token_list", next ? { "api.chunk.after": next } : {});
      assert.equal(json.metadata.result, 1);
      assert.ok(names(json).length <= 3);
      seen.push(...names(json));
      next = json.metadata.chunk?.next;
      calls++;
    } while (next);
    assert.deepEqual(seen, ["a1", "a2", "a3", "a4", "a5", "a6", "a7", "root"]);
    assert.equal(calls, 3);
  });

  it("reads one Query page per call, whatever the list's length", async () => {
    resetAwsCallCounts();
    await stack.call("api_token_list");
    assert.equal(awsCallCounts().get("DynamoDB QueryCommand"), 1);
  });

  it("reads only the chunk's size on a continuation without filter or sort", async () => {
    const first = await stack.call("api_token_list");
    const { json } = await stack.call("api_token_list", {
      "api.chunk.enable": "1",
      "api.chunk.size": "2",
      "api.chunk.after": first.json.metadata.chunk.next,
    });
    assert.deepEqual(names(json), ["a4", "a5"]);
    assert.deepEqual(json.metadata.chunk, {
      start: 1,
      size: 2,
      records: 2,
      current: 1,
      chunks: 1,
      next: json.metadata.chunk.next,
    });
    assert.ok(json.metadata.chunk.next);
  });

  it("applies api.sort and api.filter to api_token_list's tokens, which stay a hash by name", async () => {
    const { json } = await stack.call("api_token_list", {
      "api.sort.enable": "1",
      "api.sort.a.field": "name",
      "api.sort.a.reverse": "1",
      "api.filter.enable": "1",
      "api.filter.a.field": "name",
      "api.filter.a.arg0": "2",
    });
    assert.deepEqual(names(json), ["a2"]);
    const sorted = await stack.call("api_token_list", {
      "api.sort.enable": "1",
      "api.sort.a.field": "name",
      "api.sort.a.reverse": "1",
    });
    assert.deepEqual(names(sorted.json), ["a3", "a2", "a1"]);
    assert.equal(json.data.tokens.a2.name, "a2");
  });

  it("refuses a cursor that does not belong to the list", async () => {
    const { json } = await stack.call("api_token_list", {
      "api.chunk.after": Buffer.from("ACCOUNT#bob").toString("base64url"),
    });
    assert.equal(json.metadata.result, 0);
    assert.equal(
      json.metadata.reason,
      "The value of “api.chunk.after” is not valid: pass the “next” value of a previous answer.",
    );
  });

  it("pages listaccts through the whole directory", async () => {
    const seen: string[] = [];
    let next: string | undefined;
    do {
      const { json } = await stack.call("listaccts", next ? { "api.chunk.after": next } : {});
      seen.push(...(json.data?.acct ?? []).map((account: { user: string }) => account.user));
      next = json.metadata.chunk?.next;
    } while (next);
    assert.deepEqual(seen, ["bob", "carol", "dave", "erin", "res1", "res2"]);
  });

  it("finds an account by domain with accountsummary beyond the first page", async () => {
    const { json } = await stack.call("accountsummary", { domain: "RES2.example" });
    assert.equal(json.metadata.result, 1);
    assert.equal(json.data.acct[0].user, "res2");
  });
});
