import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { WhmError } from "../../lambdas/runtime/errors.js";
import { MAX_VALUE_LENGTH, parseEvent, parsePath } from "../../lambdas/runtime/request.js";
import { httpEvent } from "../../local/events.js";

describe("parsePath", () => {
  it("reads the function and the output format", () => {
    assert.deepEqual(parsePath("/xml-api/version"), {
      functionName: "version",
      format: "xml",
      cpsess: undefined,
    });
  });
  it("reads a /cpsess prefix of exactly ten digits", () => {
    assert.equal(parsePath("/cpsess0123456789/json-api/f")?.cpsess, "0123456789");
    assert.equal(parsePath("/cpsess012345678/json-api/f"), undefined);
  });
  it("keeps a malformed escape as it came instead of throwing", () => {
    assert.equal(parsePath("/json-api/%E0%A4%A")?.functionName, "%E0%A4%A");
  });
});

describe("parseEvent", () => {
  it("decodes + and %20 as spaces and UTF-8 escapes as characters", () => {
    const request = parseEvent(httpEvent("/json-api/f", "a=x+y&b=x%20y&c=%C3%A9t%C3%A9"));
    assert.deepEqual(request.args.get("a"), ["x y"]);
    assert.deepEqual(request.args.get("b"), ["x y"]);
    assert.deepEqual(request.args.get("c"), ["été"]);
  });

  it("keeps api.* options apart from function arguments", () => {
    const request = parseEvent(httpEvent("/json-api/f", "api.version=1&api.filter.a.field=x&user=bob"));
    assert.equal(request.options.get("api.version"), "1");
    assert.equal(request.options.get("api.filter.a.field"), "x");
    assert.deepEqual([...request.args.keys()], ["user"]);
  });

  it("keeps every value of a repeated name in order", () => {
    assert.deepEqual(parseEvent(httpEvent("/json-api/f", "acl=a&acl=b")).args.get("acl"), ["a", "b"]);
  });

  it("reads a form-encoded POST body, plain or base64-encoded, after the query string", () => {
    for (const base64 of [false, true]) {
      const request = parseEvent(httpEvent("/json-api/f", "a=1", { body: "b=2&a=3", base64 }));
      assert.deepEqual(request.args.get("a"), ["1", "3"]);
      assert.deepEqual(request.args.get("b"), ["2"]);
    }
  });

  it("ignores a body that is not form-encoded", () => {
    const request = parseEvent(
      httpEvent("/json-api/f", "", { body: '{"a":1}', headers: { "content-type": "application/json" } }),
    );
    assert.equal(request.args.size, 0);
  });

  it("refuses a value over the length limit with a WHM error", () => {
    assert.throws(
      () => parseEvent(httpEvent("/json-api/f", `a=${"x".repeat(MAX_VALUE_LENGTH + 1)}`)),
      (error) => error instanceof WhmError && /exceeds the maximum length/.test(error.reason),
    );
  });

  it("reads cookies from the event's cookie list", () => {
    assert.equal(
      parseEvent(httpEvent("/json-api/f", "", { cookies: ["whostmgrsession=abc"] })).cookies.get(
        "whostmgrsession",
      ),
      "abc",
    );
  });
});
