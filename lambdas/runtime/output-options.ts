import { listAndQuoted } from "../kernel/errors.js";
import type { PageRequest } from "../stores/dynamo.js";
import type { Data } from "./define.js";

/**
 * WHM API 1's `api.*` output options, applied to a function's record list in the reference order:
 * columns, filter, sort, chunk (Whostmgr/API/1/Data/Wrapper.pm). Each adds to `metadata` what it did.
 */
type Tree = { [key: string]: string | Tree };
type Row = Record<string, unknown>;

const RESERVED_IDS = new Set(["enable", "verbose", "filter", "filtered"]);
const isValidId = (id: string) => !RESERVED_IDS.has(id) && /^[a-z][a-z0-9_]*$/i.test(id);
const isValidFieldspec = (spec: string) => /^[a-z0-9_]+(\.([a-z0-9_]+|\[\d+\]))*$/i.test(spec);
const truthy = (value: unknown) => typeof value === "string" && value !== "" && value !== "0";

/** A branch keyed by request input: no prototype, so no name can reach Object.prototype. */
const branchOf = (): Tree => Object.create(null) as Tree;

/** `api.filter.a.field=x` → { filter: { a: { field: "x" } } } (Data/Args.pm). */
export function optionTree(options: ReadonlyMap<string, string>): Tree {
  const tree = branchOf();
  for (const [name, value] of options) {
    const path = name.split(".").slice(1);
    let branch = tree;
    for (const step of path.slice(0, -1)) {
      if (typeof branch[step] !== "object") branch[step] = branchOf();
      branch = branch[step] as Tree;
    }
    const leaf = path.at(-1);
    if (leaf !== undefined) branch[leaf] = value;
  }
  return tree;
}

/** Walks `a.b.[2].c` into a record (Data/Utils.pm `evaluate_fieldspec`). */
export function evaluateFieldspec(spec: string, record: unknown): unknown {
  let current = record;
  for (const step of spec.split(".")) {
    const index = /^\[(\d+)\]$/.exec(step);
    if (index) {
      if (!Array.isArray(current)) return undefined;
      current = current[Number(index[1])];
    } else {
      if (current === null || typeof current !== "object" || Array.isArray(current)) return undefined;
      current = (current as Row)[step];
    }
  }
  return current;
}

/** Perl's numeric value of a scalar: its leading number, or 0. */
export function perlNumber(value: unknown): number {
  if (typeof value === "number") return value;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value !== "string") return 0;
  const match = /^\s*([+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?))/.exec(value);
  if (match) return Number(match[1]);
  return /^\s*[+-]?inf(inity)?/i.test(value) ? (value.includes("-") ? -Infinity : Infinity) : 0;
}

const perlString = (value: unknown): string =>
  value === null || value === undefined
    ? ""
    : typeof value === "boolean"
      ? value
        ? "1"
        : "0"
      : String(value);

/** Perl's `cmp`: by code point, not by UTF-16 unit. */
export function perlCmp(a: string, b: string): number {
  const left = [...a];
  const right = [...b];
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const diff = (left[i]?.codePointAt(0) ?? 0) - (right[i]?.codePointAt(0) ?? 0);
    if (diff) return Math.sign(diff);
  }
  return Math.sign(left.length - right.length);
}

const spaceship = (a: number, b: number) => (a < b ? -1 : a > b ? 1 : 0);

// ---------------------------------------------------------------- columns (Data/Columns.pm)

function applyColumns(args: Tree, records: Row[], metadata: Data): void {
  const wanted = Object.entries(args)
    .filter(([key, value]) => key !== "enable" && typeof value === "string")
    .map(([, value]) => value as string);
  const first = records[0] ?? {};
  const invalid = wanted.filter((column) => !(column in first));
  const drop = Object.keys(first).filter((key) => !wanted.includes(key));
  for (const record of records) for (const key of drop) delete record[key];
  const columns: Data = {
    invalid_msg: invalid.length
      ? `${listAndQuoted(invalid)} ${invalid.length === 1 ? "is not a valid column" : "are not valid columns"}.`
      : "None",
  };
  if (invalid.length) columns.invalid = invalid;
  metadata.columns = columns;
}

// ---------------------------------------------------------------- filter (Data/Filter.pm)

type Test = (value: unknown) => boolean;

const isCount = (value: unknown) => /^[0-9]+$/.test(perlString(value));
const isUnlimited = (value: unknown) => /^unlimited$/i.test(perlString(value));

/** The test a scalar must pass; list values pass when any element does (elements skip the scalar guards). */
function filterTests(type: string, term: string): { scalar: Test; element: Test } | undefined {
  const n = perlNumber(term);
  // Perl's case-insensitive `\Q...\E` match, without building a regular expression from the term
  // (a long term would make one V8 refuses to compile).
  const folded = term.toLowerCase();
  switch (type) {
    case "contains":
    case "begins": {
      const test: Test =
        type === "begins"
          ? (v) => perlString(v).toLowerCase().startsWith(folded)
          : (v) => perlString(v).toLowerCase().includes(folded);
      return { scalar: test, element: test };
    }
    case "eq": {
      const test: Test = (v) => perlString(v) === term;
      return { scalar: test, element: test };
    }
    case "==":
      return { scalar: (v) => perlNumber(v) === n, element: (v) => perlNumber(v) === n };
    case "lt":
      return {
        scalar: (v) => v == null || !isCount(v) || perlNumber(v) < n,
        element: (v) => perlNumber(v) < n,
      };
    case "lt_equal":
      return {
        scalar: (v) => v == null || !isCount(v) || perlNumber(v) <= n,
        element: (v) => perlNumber(v) <= n,
      };
    case "gt":
      return {
        scalar: (v) => v != null && isCount(v) && perlNumber(v) > n,
        element: (v) => perlNumber(v) > n,
      };
    case "gt_equal":
      return {
        scalar: (v) => v != null && isCount(v) && perlNumber(v) >= n,
        element: (v) => perlNumber(v) >= n,
      };
    case "lt_handle_unlimited": {
      const test: Test = (v) => v != null && !isUnlimited(v) && perlNumber(v) !== 0 && perlNumber(v) < n;
      return { scalar: test, element: test };
    }
    case "gt_handle_unlimited": {
      const test: Test = (v) => v == null || isUnlimited(v) || perlNumber(v) === 0 || perlNumber(v) > n;
      return { scalar: test, element: test };
    }
    default:
      return undefined;
  }
}

const ANY_FIELD_TYPES = new Set(["contains", "begins", "eq"]);

function filterPredicate(field: string, type: string, term: string): ((record: Row) => boolean) | undefined {
  if (field === "*" && !ANY_FIELD_TYPES.has(type)) return undefined;
  const tests = filterTests(type, term);
  if (!tests) return undefined;
  const matches = (value: unknown): boolean => {
    if (Array.isArray(value)) return value.some(tests.element);
    if (value !== null && typeof value === "object") return false;
    return tests.scalar(value);
  };
  if (field === "*") {
    return (record) =>
      Object.values(record).some((value) =>
        value !== null && typeof value === "object" && !Array.isArray(value) ? false : matches(value),
      );
  }
  return (record) => matches(evaluateFieldspec(field, record));
}

function applyFilter(args: Tree, records: Row[], metadata: Data): Row[] {
  const verbose = args.verbose === undefined || truthy(args.verbose);
  const report: Data = {};
  const predicates: Array<(record: Row) => boolean> = [];
  for (const id of Object.keys(args).sort()) {
    const spec = args[id];
    if (!isValidId(id) || typeof spec !== "object") continue;
    const field = typeof spec.field === "string" ? spec.field : "";
    if (field !== "*" && !isValidFieldspec(field)) continue;
    const type = typeof spec.type === "string" && spec.type ? spec.type : "contains";
    const terms = Object.entries(spec)
      .map(([key, value]) => ({ at: /^arg0*(\d+)$/.exec(key)?.[1], value }))
      .filter(
        (arg): arg is { at: string; value: string } => arg.at !== undefined && typeof arg.value === "string",
      )
      .sort((a, b) => Number(a.at) - Number(b.at))
      .map((arg) => arg.value);
    const term = terms[0] ?? "";
    if (type !== "eq" && term === "") continue;
    const predicate = filterPredicate(field, type, term);
    if (!predicate) continue;
    predicates.push(predicate);
    report[id] = {
      valid: 1,
      field,
      type,
      ...Object.fromEntries(terms.map((value, i) => [`arg${i}`, value])),
    };
  }
  if (verbose) metadata.filter = { ...report, filtered: records.length };
  return records.filter((record) => predicates.every((predicate) => predicate(record)));
}

// ---------------------------------------------------------------- sort (Data/Sort.pm)

const SORT_METHODS = new Set([
  "lexicographic",
  "lexicographic_caseless",
  "numeric",
  "numeric_zero_as_max",
  "ipv4",
]);

function ipv4Key(value: unknown): number[] {
  const octets = perlString(value).split(".");
  return [0, 1, 2, 3].map((i) => Math.trunc(perlNumber(octets[i])) & 0xff);
}

function comparator(method: string): (a: unknown, b: unknown) => number {
  switch (method) {
    case "numeric":
      return (a, b) => spaceship(perlNumber(a), perlNumber(b));
    case "numeric_zero_as_max":
      return (a, b) => {
        const x = perlNumber(a);
        const y = perlNumber(b);
        if (x !== y && x === 0) return 1;
        if (x !== y && y === 0) return -1;
        return spaceship(x, y);
      };
    case "ipv4":
      return (a, b) => {
        const x = ipv4Key(a);
        const y = ipv4Key(b);
        for (let i = 0; i < 4; i++) if (x[i] !== y[i]) return spaceship(x[i] ?? 0, y[i] ?? 0);
        return 0;
      };
    case "lexicographic_caseless":
      return (a, b) => perlCmp(perlString(a).toLowerCase(), perlString(b).toLowerCase());
    default:
      return (a, b) => perlCmp(perlString(a), perlString(b));
  }
}

function applySort(args: Tree, records: Row[], metadata: Data): Row[] {
  const verbose = args.verbose === undefined || truthy(args.verbose);
  const report: Data = {};
  let sorted = records;
  // Sorting by the last key first and the first key last, with a stable sort, orders like SQL's ORDER BY.
  for (const id of Object.keys(args).sort().reverse()) {
    const spec = args[id];
    if (!isValidId(id) || typeof spec !== "object") continue;
    const field = typeof spec.field === "string" ? spec.field : "";
    if (!isValidFieldspec(field)) continue;
    const requested = typeof spec.method === "string" ? spec.method : "";
    const method = SORT_METHODS.has(requested) ? requested : "lexicographic";
    const reverse = truthy(spec.reverse);
    const compare = comparator(method);
    const direction = reverse ? -1 : 1;
    sorted = [...sorted].sort(
      (a, b) => direction * compare(evaluateFieldspec(field, a), evaluateFieldspec(field, b)),
    );
    report[id] = { field, method, reverse: reverse ? 1 : 0 };
  }
  if (verbose && Object.keys(report).length) metadata.sort = report;
  return sorted;
}

// ---------------------------------------------------------------- chunk (Data/Chunk.pm)

export const DEFAULT_CHUNK_SIZE = 100;

const intOf = (value: unknown) => Math.trunc(perlNumber(value));

function chunkSize(args: Tree): number {
  const size = intOf(args.size);
  return args.size === undefined || size < 1 ? DEFAULT_CHUNK_SIZE : size;
}

function applyChunk(args: Tree, records: Row[], metadata: Data): Row[] {
  const total = records.length;
  const size = chunkSize(args);
  let start: number;
  // A continuation page (api.chunk.after) was read at the chunk's size: it is the chunk.
  if (args.after !== undefined) {
    start = 1;
  } else if (args.start === undefined && args.select !== undefined && intOf(args.select) > 0) {
    start = size * (intOf(args.select) - 1) + 1;
  } else if (args.start !== undefined && intOf(args.start) > 0) {
    start = intOf(args.start);
  } else {
    start = 1;
  }
  if (start > total) start = 1;
  const page = records.slice(start - 1, start - 1 + size);
  if (args.verbose === undefined || truthy(args.verbose)) {
    metadata.chunk = {
      start,
      size,
      records: total,
      current: Math.ceil(start / size),
      chunks: Math.ceil(total / size),
    };
  }
  return page;
}

// ----------------------------------------------------------------

function section(tree: Tree, name: string): Tree | undefined {
  const value = tree[name];
  return typeof value === "object" && truthy(value.enable) ? value : undefined;
}

/**
 * The page a list call reads (one per call, at most `cap` items). A first page reads up to `cap`,
 * so WHM's options act on the whole list whenever it fits in one page; `api.chunk.after` (the
 * `next` of a previous answer) continues after it, and then, when no filter or sort needs more,
 * reads only the chunk's size.
 */
export function pageRequest(options: ReadonlyMap<string, string>, cap: number): PageRequest {
  const after = options.get("api.chunk.after");
  if (after === undefined) return { limit: cap };
  const tree = optionTree(options);
  const chunk = section(tree, "chunk");
  const needsPage = section(tree, "filter") || section(tree, "sort");
  return { limit: chunk && !needsPage ? Math.min(cap, chunkSize(chunk)) : cap, after };
}

/**
 * Applies the request's output options to `data[listKey]`: a list of records, or a hash of records
 * by name (api_token_list's `tokens`), which stays a hash in the resulting order. Functions without
 * a record list, and options not enabled with `api.X.enable=1`, leave the answer as it was.
 */
export function applyOutputOptions(
  data: Data | undefined,
  listKey: string | undefined,
  options: ReadonlyMap<string, string>,
): { data: Data | undefined; metadata: Data } {
  const metadata: Data = {};
  const list = data && listKey ? data[listKey] : undefined;
  if (!data || !listKey || typeof list !== "object" || list === null) return { data, metadata };
  const tree = optionTree(options);
  const keyOf = new WeakMap<Row, string>();
  let records = Object.entries(list as Record<string, Row>).map(([key, record]) => {
    const copy = { ...record };
    keyOf.set(copy, key);
    return copy;
  });
  const columns = section(tree, "columns");
  if (columns) applyColumns(columns, records, metadata);
  const filter = section(tree, "filter");
  if (filter) records = applyFilter(filter, records, metadata);
  const sort = section(tree, "sort");
  if (sort) records = applySort(sort, records, metadata);
  const chunk = section(tree, "chunk");
  if (chunk) records = applyChunk(chunk, records, metadata);
  const shaped = Array.isArray(list)
    ? records
    : Object.fromEntries(records.map((record) => [keyOf.get(record), record]));
  return { data: { ...data, [listKey]: shaped }, metadata };
}
