import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { applyOutputOptions, DEFAULT_CHUNK_SIZE } from "../../lambdas/runtime/output-options.js";

type Row = Record<string, unknown>;
const apply = (records: Row[], options: Record<string, string>) => {
  const { data, metadata } = applyOutputOptions({ rows: records }, "rows", new Map(Object.entries(options)));
  return { rows: data?.rows as Row[], metadata };
};
const names = (rows: Row[]) => rows.map((row) => row.name);

const RECORDS: Row[] = [
  { name: "alpha", n: "10", ip: "10.0.0.2", quota: "unlimited" },
  { name: "Bravo", n: "2", ip: "9.255.0.1", quota: "0" },
  { name: "charlie", n: "0", ip: "10.0.0.10", quota: "500" },
  { name: "delta", n: "33", ip: "192.168.1.1", quota: "20" },
];

describe("api.chunk", () => {
  it("select picks a 1-based page and start a 1-based record", () => {
    const chunk = { "api.chunk.enable": "1", "api.chunk.size": "2" };
    assert.deepEqual(names(apply(RECORDS, { ...chunk, "api.chunk.select": "2" }).rows), ["charlie", "delta"]);
    assert.deepEqual(names(apply(RECORDS, { ...chunk, "api.chunk.start": "2" }).rows), ["Bravo", "charlie"]);
  });

  it("start wins over select when both are given", () => {
    const { rows } = apply(RECORDS, {
      "api.chunk.enable": "1",
      "api.chunk.size": "1",
      "api.chunk.start": "4",
      "api.chunk.select": "1",
    });
    assert.deepEqual(names(rows), ["delta"]);
  });

  it("reports start, size, records, current and chunks in metadata", () => {
    const { metadata } = apply(RECORDS, {
      "api.chunk.enable": "1",
      "api.chunk.size": "3",
      "api.chunk.select": "2",
    });
    assert.deepEqual(metadata.chunk, { start: 4, size: 3, records: 4, current: 2, chunks: 2 });
  });

  it("falls back to the first record when start is past the end, and to 100 records a page", () => {
    const { rows, metadata } = apply(RECORDS, { "api.chunk.enable": "1", "api.chunk.start": "99" });
    assert.equal(rows.length, 4);
    assert.deepEqual(metadata.chunk, {
      start: 1,
      size: DEFAULT_CHUNK_SIZE,
      records: 4,
      current: 1,
      chunks: 1,
    });
  });

  it("does nothing unless enabled", () => {
    assert.equal(apply(RECORDS, { "api.chunk.size": "1" }).rows.length, 4);
  });

  it("matches a plain page model on random lists", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer(), { maxLength: 40 }),
        fc.integer({ min: -2, max: 12 }),
        fc.option(fc.integer({ min: -2, max: 45 })),
        fc.option(fc.integer({ min: -2, max: 12 })),
        (values, size, start, select) => {
          const records = values.map((v) => ({ v }));
          const options: Record<string, string> = { "api.chunk.enable": "1", "api.chunk.size": String(size) };
          if (start !== null) options["api.chunk.start"] = String(start);
          if (select !== null) options["api.chunk.select"] = String(select);
          const pageSize = size < 1 ? 100 : size;
          let first =
            start !== null
              ? start > 0
                ? start
                : 1
              : select !== null && select > 0
                ? (select - 1) * pageSize + 1
                : 1;
          if (first > records.length) first = 1;
          assert.deepEqual(apply(records, options).rows, records.slice(first - 1, first - 1 + pageSize));
        },
      ),
    );
  });
});

describe("api.filter", () => {
  const filter = (field: string, type: string | undefined, arg0: string) => ({
    "api.filter.enable": "1",
    "api.filter.a.field": field,
    "api.filter.a.arg0": arg0,
    ...(type ? { "api.filter.a.type": type } : {}),
  });

  it("contains is the default and ignores case", () => {
    assert.deepEqual(names(apply(RECORDS, filter("name", undefined, "RAV")).rows), ["Bravo"]);
  });

  it("begins anchors at the start; eq compares exactly", () => {
    assert.deepEqual(names(apply(RECORDS, filter("name", "begins", "ch")).rows), ["charlie"]);
    assert.deepEqual(names(apply(RECORDS, filter("name", "eq", "bravo")).rows), []);
    assert.deepEqual(names(apply(RECORDS, filter("name", "eq", "Bravo")).rows), ["Bravo"]);
  });

  it("lt excludes the bound and lt_equal includes it", () => {
    assert.deepEqual(names(apply(RECORDS, filter("n", "lt", "10")).rows), ["Bravo", "charlie"]);
    assert.deepEqual(names(apply(RECORDS, filter("n", "lt_equal", "10")).rows), [
      "alpha",
      "Bravo",
      "charlie",
    ]);
  });

  it("gt and gt_equal compare numbers, == equality", () => {
    assert.deepEqual(names(apply(RECORDS, filter("n", "gt", "10")).rows), ["delta"]);
    assert.deepEqual(names(apply(RECORDS, filter("n", "gt_equal", "10")).rows), ["alpha", "delta"]);
    assert.deepEqual(names(apply(RECORDS, filter("n", "==", "2")).rows), ["Bravo"]);
  });

  it("the _handle_unlimited comparisons treat 0 and 'unlimited' as infinite", () => {
    assert.deepEqual(names(apply(RECORDS, filter("quota", "gt_handle_unlimited", "100")).rows), [
      "alpha",
      "Bravo",
      "charlie",
    ]);
    assert.deepEqual(names(apply(RECORDS, filter("quota", "lt_handle_unlimited", "100")).rows), ["delta"]);
    assert.deepEqual(names(apply(RECORDS, filter("quota", "lt", "100")).rows), ["alpha", "Bravo", "delta"]);
  });

  it("field * matches any field", () => {
    assert.deepEqual(names(apply(RECORDS, filter("*", "contains", "192.168")).rows), ["delta"]);
  });

  it("several filters must all match", () => {
    const { rows } = apply(RECORDS, {
      ...filter("name", "contains", "a"),
      "api.filter.b.field": "n",
      "api.filter.b.type": "gt",
      "api.filter.b.arg0": "5",
    });
    assert.deepEqual(names(rows), ["alpha", "delta"]);
  });

  it("reports each filter and the count it started from", () => {
    const { metadata } = apply(RECORDS, filter("name", "begins", "a"));
    assert.deepEqual(metadata.filter, {
      a: { valid: 1, field: "name", type: "begins", arg0: "a" },
      filtered: 4,
    });
  });

  it("matches a plain contains model on random lists", () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 6 }), { maxLength: 30 }),
        fc.string({ minLength: 1, maxLength: 2 }),
        (values, term) => {
          const records = values.map((name) => ({ name }));
          const expected = records.filter((r) => r.name.toLowerCase().includes(term.toLowerCase()));
          assert.deepEqual(apply(records, filter("name", "contains", term)).rows, expected);
        },
      ),
    );
  });
});

describe("api.sort", () => {
  const sort = (field: string, method?: string, reverse?: string) => ({
    "api.sort.enable": "1",
    "api.sort.a.field": field,
    ...(method ? { "api.sort.a.method": method } : {}),
    ...(reverse ? { "api.sort.a.reverse": reverse } : {}),
  });

  it("sorts lexicographically by default (upper case before lower case)", () => {
    assert.deepEqual(names(apply(RECORDS, sort("name")).rows), ["Bravo", "alpha", "charlie", "delta"]);
  });

  it("numeric sorts by value and numeric_zero_as_max puts zeros last", () => {
    assert.deepEqual(names(apply(RECORDS, sort("n", "numeric")).rows), [
      "charlie",
      "Bravo",
      "alpha",
      "delta",
    ]);
    assert.deepEqual(names(apply(RECORDS, sort("n", "numeric_zero_as_max")).rows), [
      "Bravo",
      "alpha",
      "delta",
      "charlie",
    ]);
  });

  it("ipv4 sorts addresses by octet; reverse inverts", () => {
    assert.deepEqual(names(apply(RECORDS, sort("ip", "ipv4")).rows), ["Bravo", "alpha", "charlie", "delta"]);
    assert.deepEqual(names(apply(RECORDS, sort("ip", "ipv4", "1")).rows), [
      "delta",
      "charlie",
      "alpha",
      "Bravo",
    ]);
  });

  it("the first sort key is the primary one", () => {
    const rows = [
      { name: "b", g: "1" },
      { name: "a", g: "2" },
      { name: "c", g: "1" },
    ];
    const { rows: sorted, metadata } = apply(rows, {
      ...sort("g", "numeric"),
      "api.sort.b.field": "name",
      "api.sort.b.reverse": "1",
    });
    assert.deepEqual(names(sorted), ["c", "b", "a"]);
    assert.deepEqual(metadata.sort, {
      a: { field: "g", method: "numeric", reverse: 0 },
      b: { field: "name", method: "lexicographic", reverse: 1 },
    });
  });

  it("matches a stable numeric sort model on random lists", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 50 }), { maxLength: 40 }), (values) => {
        const records = values.map((v, i) => ({ v: String(v), i }));
        const expected = [...records].sort((x, y) => Number(x.v) - Number(y.v));
        assert.deepEqual(apply(records, sort("v", "numeric")).rows, expected);
      }),
    );
  });
});

describe("api.columns", () => {
  it("keeps only the named columns and reports none invalid", () => {
    const { rows, metadata } = apply(RECORDS, {
      "api.columns.enable": "1",
      "api.columns.a": "name",
      "api.columns.b": "ip",
    });
    assert.deepEqual(rows[0], { name: "alpha", ip: "10.0.0.2" });
    assert.deepEqual(metadata.columns, { invalid_msg: "None" });
  });

  it("reports columns the records do not have", () => {
    const { metadata } = apply(RECORDS, {
      "api.columns.enable": "1",
      "api.columns.a": "name",
      "api.columns.b": "nope",
    });
    assert.deepEqual(metadata.columns, { invalid_msg: "“nope” is not a valid column.", invalid: ["nope"] });
  });
});

describe("order and scope", () => {
  it("filters before sorting before paginating", () => {
    const { rows } = apply(RECORDS, {
      "api.filter.enable": "1",
      "api.filter.a.field": "name",
      "api.filter.a.arg0": "a",
      "api.sort.enable": "1",
      "api.sort.a.field": "n",
      "api.sort.a.method": "numeric",
      "api.sort.a.reverse": "1",
      "api.chunk.enable": "1",
      "api.chunk.size": "2",
    });
    assert.deepEqual(names(rows), ["delta", "alpha"]);
  });

  it("leaves answers without a record list untouched", () => {
    const data = { client_configurations: { redirect_uris: ["a"] } };
    const result = applyOutputOptions(data, undefined, new Map([["api.chunk.enable", "1"]]));
    assert.deepEqual(result, { data, metadata: {} });
  });
});
