import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { XMLParser } from "fast-xml-parser";
import { failure, success } from "../../lambdas/runtime/envelope.js";
import { render } from "../../lambdas/runtime/render.js";

const parse = (xml: string) =>
  new XMLParser({ parseTagValue: false, trimValues: false, isArray: (name) => name === "item" }).parse(xml);

describe("render", () => {
  it("renders JSON with result as the number 1 and data beside metadata", () => {
    assert.equal(
      render(success("f", { a: true }), "json"),
      '{"metadata":{"version":1,"reason":"OK","result":1,"command":"f"},"data":{"a":true}}',
    );
  });

  it("omits data for a metadata-only answer, in JSON and XML", () => {
    assert.equal(JSON.parse(render(failure("f", "no"), "json")).data, undefined);
    assert.doesNotMatch(render(failure("f", "no"), "xml"), /<data>/);
  });

  it("renders lists as repeated elements, empty lists as nothing, null as an empty element, booleans as 1/0", () => {
    const xml = render(
      success("f", { item: [{ k: 1 }, { k: 2 }], none: [], nil: null, yes: true, no: false }),
      "xml",
    );
    assert.match(xml, /<item><k>1<\/k><\/item><item><k>2<\/k><\/item>/);
    assert.doesNotMatch(xml, /<none>/);
    assert.match(xml, /<nil><\/nil><yes>1<\/yes><no>0<\/no>/);
  });

  it("escapes markup so that any text survives a round trip through a standard XML parser", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (text) => {
        const parsed = parse(render(success("f", { value: text }), "xml"));
        // biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters XML cannot carry
        const expected = text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "\uFFFD");
        assert.equal(String(parsed.result.data.value ?? ""), expected.replace(/\r\n?/g, "\n"));
      }),
      { numRuns: 500 },
    );
  });

  it("turns keys that are not XML names into element names", () => {
    assert.match(render(success("f", { "a b": 1, "1x": 2 }), "xml"), /<a_b>1<\/a_b><_1x>2<\/_1x>/);
  });
});
