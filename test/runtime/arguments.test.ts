import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { WhmError } from "../../lambdas/kernel/errors.js";
import { validateArguments } from "../../lambdas/runtime/arguments.js";
import { defineFunction } from "../../lambdas/runtime/define.js";
import { apiFailure } from "../helpers/api-failure.js";

const fn = defineFunction({
  name: "example",
  perlModule: "Whostmgr::API::1::Example",
  summary: "test",
  acl: "all",
  params: {
    first: { description: "", required: true, enum: ["a", "b"] },
    second: { description: "", required: true, nonEmpty: true },
    blob: { description: "", type: "json" },
    count: { description: "", type: "integer" },
    acl: { description: "", repeated: true },
  },
  run: async () => undefined,
});

const args = (pairs: Record<string, string | string[]>) =>
  new Map(Object.entries(pairs).map(([key, value]) => [key, Array.isArray(value) ? value : [value]]));
const reasonOf = (thunk: () => unknown) => {
  try {
    thunk();
  } catch (error) {
    assert.ok(error instanceof WhmError);
    return error.reason;
  }
  assert.fail("expected a WhmError");
};

describe("validateArguments", () => {
  it("reports a missing argument before any invalid value, naming the Perl function", () => {
    assert.match(
      reasonOf(() => validateArguments(fn, args({ first: "zzz" }))),
      apiFailure("Provide the “second” parameter for the “Whostmgr::API::1::Example::example” function."),
    );
  });

  it("refuses an empty value where one is required to have length", () => {
    assert.match(
      reasonOf(() => validateArguments(fn, args({ first: "a", second: "" }))),
      apiFailure("The value of “second” may not be empty."),
    );
  });

  it("refuses a value outside the allowed set", () => {
    assert.match(
      reasonOf(() => validateArguments(fn, args({ first: "c", second: "x" }))),
      /“c” is not valid for “first”/,
    );
  });

  it("parses JSON arguments and refuses invalid JSON", () => {
    assert.deepEqual(validateArguments(fn, args({ first: "a", second: "x", blob: '{"k":1}' })).blob, {
      k: 1,
    });
    assert.match(
      reasonOf(() => validateArguments(fn, args({ first: "a", second: "x", blob: "{" }))),
      apiFailure("The “blob” argument is not valid JSON."),
    );
  });

  it("parses whole numbers and refuses others", () => {
    assert.equal(validateArguments(fn, args({ first: "a", second: "x", count: "42" })).count, 42);
    assert.match(
      reasonOf(() => validateArguments(fn, args({ first: "a", second: "x", count: "4.2" }))),
      /whole number/,
    );
  });

  it("gathers numbered repeats acl, acl-1, acl-2 in numeric order", () => {
    const result = validateArguments(
      fn,
      args({ first: "a", second: "x", "acl-10": "k", "acl-2": "j", acl: "i", "acl-x": "no" }),
    );
    assert.deepEqual(result.acl, ["i", "j", "k"]);
  });
});
