import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { WhmError } from "../../lambdas/kernel/errors.js";
import { MAX_VALUE_LENGTH, parseEvent, parsePath } from "../../lambdas/runtime/request.js";
import { httpEvent } from "../../local/events.js";

describe("parsePath", () => {
  it("reads the function and the output format", async () => {
    assert.deepEqual(parsePath("/xml-api/version"), {
      functionName: "version",
      format: "xml",
      cpsess: undefined,
    });
  });
  it("reads a /cpsess prefix of exactly ten digits", async () => {
    assert.equal(parsePath("/cpsess0123456789/json-api/f")?.cpsess, "0123456789");
    assert.equal(parsePath("/cpsess012345678/json-api/f"), undefined);
  });
  it("keeps a malformed escape as it came instead of throwing", async () => {
    assert.equal(parsePath("/json-api/%E0%A4%A")?.functionName, "%E0%A4%A");
  });
});

describe("parseEvent", () => {
  const form = (body: string, contentType?: string) =>
    parseEvent(
      httpEvent("/json-api/f", "", { body, headers: contentType ? { "content-type": contentType } : {} }),
    );

  it("decodes + and %20 as spaces and UTF-8 escapes as characters", async () => {
    const request = await parseEvent(httpEvent("/json-api/f", "a=x+y&b=x%20y&c=%C3%A9t%C3%A9"));
    assert.deepEqual(request.args.get("a"), ["x y"]);
    assert.deepEqual(request.args.get("b"), ["x y"]);
    assert.deepEqual(request.args.get("c"), ["été"]);
  });

  it("keeps api.* options apart from function arguments", async () => {
    const request = await parseEvent(httpEvent("/json-api/f", "api.version=1&api.filter.a.field=x&user=bob"));
    assert.equal(request.options.get("api.version"), "1");
    assert.equal(request.options.get("api.filter.a.field"), "x");
    assert.deepEqual([...request.args.keys()], ["user"]);
  });

  it("keeps every value of a repeated name in order", async () => {
    assert.deepEqual((await parseEvent(httpEvent("/json-api/f", "acl=a&acl=b"))).args.get("acl"), ["a", "b"]);
  });

  it("reads a form-encoded POST body, plain or base64-encoded, after the query string", async () => {
    for (const base64 of [false, true]) {
      const request = await parseEvent(httpEvent("/json-api/f", "a=1", { body: "b=2&a=3", base64 }));
      assert.deepEqual(request.args.get("a"), ["1", "3"]);
      assert.deepEqual(request.args.get("b"), ["2"]);
    }
  });

  it("reads a body as form data whatever its content type says, as cpsrvd does", async () => {
    for (const type of [
      "application/octet-stream",
      "text/plain",
      "application/x-www-form-urlencoded; charset=UTF-8",
      undefined,
    ]) {
      assert.deepEqual((await form("user=bob&acl=a", type)).args.get("user"), ["bob"], String(type));
    }
  });

  it("reads the text fields of a multipart/form-data body", async () => {
    const body = new FormData();
    body.append("user", "bob");
    body.append("acl", "a");
    body.append("acl", "b");
    body.append("upload", new Blob(["file content"]), "f.txt");
    const encoded = new Response(body);
    const type = encoded.headers.get("content-type") ?? "";
    const request = await form(await encoded.text(), type);
    assert.deepEqual(request.args.get("user"), ["bob"]);
    assert.deepEqual(request.args.get("acl"), ["a", "b"]);
    assert.equal(request.args.has("upload"), false);
  });

  it("reads an application/json body's members: scalars as text, lists as repeated values, objects as JSON", async () => {
    const request = await form(
      JSON.stringify({
        user: "bob",
        n: 3,
        flag: true,
        acl: ["a", "b"],
        configurations: { label: "x" },
        none: null,
      }),
      "application/json",
    );
    assert.deepEqual(Object.fromEntries(request.args), {
      user: ["bob"],
      n: ["3"],
      flag: ["1"],
      acl: ["a", "b"],
      configurations: ['{"label":"x"}'],
    });
  });

  it("keeps a WHM error for an application/json body that is not a JSON object, for after authentication", async () => {
    for (const body of ["[1]", "{", '"x"']) {
      const request = await form(body, "application/json");
      assert.ok(request.invalid instanceof WhmError);
      assert.equal(request.args.size, 0);
    }
  });

  it("keeps a WHM error for a value over the length limit, for after authentication", async () => {
    const request = await parseEvent(httpEvent("/json-api/f", `a=${"x".repeat(MAX_VALUE_LENGTH + 1)}`));
    assert.match(request.invalid?.reason ?? "", /exceeds the maximum length/);
  });

  it("reads a JSON body nested deeper than the stack as invalid, without throwing", async () => {
    const nested = `{"a":${'{"a":'.repeat(100_000)}1${"}".repeat(100_000)}}`;
    const request = await form(nested, "application/json");
    assert.equal(request.invalid?.reason, "The request body is not a valid JSON object.");
  });

  it("reads cookies from the event's cookie list", async () => {
    assert.equal(
      (await parseEvent(httpEvent("/json-api/f", "", { cookies: ["whostmgrsession=abc"] }))).cookies.get(
        "whostmgrsession",
      ),
      "abc",
    );
  });
});
