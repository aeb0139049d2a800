/**
 * whmapi1 FUNCTION [key=value ...] [--output=json|jsonpretty|xml|yaml]
 *
 * cPanel's command line for WHM API 1, pointed at whm-serverless. Arguments are `key=value` pairs
 * (repeat `acl=...` or use `acl-1=...`); values are URI-encoded on the wire. Output is YAML unless
 * --output says otherwise. Exit status: 0 when `result` is 1, 1 when it is 0, 2 for usage errors,
 * 3 when the server could not be reached or refused the credentials.
 *
 * Where to call and as whom, first found wins: --url/--user/--token; WHM_API_URL, WHM_API_USER,
 * WHM_API_TOKEN; the JSON file in WHMAPI1_CONFIG or ~/.config/whmapi1.json ({"url","user","token"});
 * the local stack that `npm start` runs (.local/).
 */
import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { stringify } from "yaml";
import { CATALOG, CATALOG_BY_NAME } from "../lambdas/catalog.js";
import type { FunctionDefinition, Params } from "../lambdas/runtime/define.js";

const OUTPUTS = ["json", "jsonpretty", "xml", "yaml"] as const;
type Output = (typeof OUTPUTS)[number];

interface Target {
  url: string;
  user: string;
  token: string;
}

export class UsageError extends Error {}

/** The options: `--url X` and `--url=X` alike (node:util parseArgs). */
const OPTIONS = {
  url: { type: "string" },
  user: { type: "string" },
  token: { type: "string" },
  output: { type: "string" },
  help: { type: "boolean" },
} as const;

export function parseCommandLine(argv: readonly string[]) {
  let parsed: ReturnType<
    typeof parseArgs<{ args: string[]; options: typeof OPTIONS; allowPositionals: true }>
  >;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const [fn, ...rest] = parsed.positionals;
  const pairs: Array<[string, string]> = rest.map((arg) => {
    const at = arg.indexOf("=");
    if (at < 1) throw new UsageError(`Arguments are key=value pairs; “${arg}” is not one.`);
    return [arg.slice(0, at), arg.slice(at + 1)];
  });
  const { help: helpWanted, ...strings } = parsed.values;
  const options: Record<string, string> = { ...strings, ...(helpWanted ? { help: "1" } : {}) };
  const output = (options.output ?? "yaml") as Output;
  if (!OUTPUTS.includes(output)) throw new UsageError(`--output must be one of ${OUTPUTS.join(", ")}.`);
  return { fn, pairs, output, options };
}

async function readJson(path: string): Promise<Record<string, string> | undefined> {
  try {
    return JSON.parse(await readFile(path, "utf8")) as Record<string, string>;
  } catch {
    return undefined;
  }
}

async function target(options: Record<string, string>): Promise<Target> {
  const file =
    (await readJson(process.env.WHMAPI1_CONFIG ?? join(homedir(), ".config", "whmapi1.json"))) ?? {};
  const localDir = resolve(process.env.WHM_DATA_DIR ?? ".local");
  const local = await readJson(join(localDir, "stack.json"));
  const localToken = await readFile(join(localDir, "root-token"), "utf8").catch(() => undefined);
  const url = options.url ?? process.env.WHM_API_URL ?? file.url ?? local?.url ?? "http://127.0.0.1:2087";
  const user = options.user ?? process.env.WHM_API_USER ?? file.user ?? "root";
  const token = options.token ?? process.env.WHM_API_TOKEN ?? file.token ?? localToken?.trim();
  if (!token)
    throw new UsageError(
      "No API token: give --token, set WHM_API_TOKEN, or write one to ~/.config/whmapi1.json.",
    );
  return { url: url.replace(/\/+$/, ""), user, token };
}

function describeParams(definition: FunctionDefinition<Params>): string {
  const lines = Object.entries(definition.params).map(([name, spec]) => {
    const flags = [
      spec.required ? "required" : "optional",
      spec.type ?? "string",
      spec.repeated ? `repeat as ${name}-1, ${name}-2, ...` : "",
    ]
      .filter(Boolean)
      .join(", ");
    const choices = spec.enum ? ` One of: ${spec.enum.join(", ")}.` : "";
    return `  ${name}  (${flags})\n      ${spec.description}${choices}`;
  });
  return lines.length ? lines.join("\n") : "  (no parameters)";
}

export function help(fn?: string): string {
  const entry = fn ? CATALOG_BY_NAME.get(fn) : undefined;
  if (entry) {
    const d = entry.definition;
    return `${d.name} — ${d.summary}\nACL: ${d.acl}\n\nParameters:\n${describeParams(d)}\n`;
  }
  const width = Math.max(...CATALOG.map((e) => e.definition.name.length));
  const list = CATALOG.map(({ definition: d }) => {
    const params = Object.entries(d.params)
      .map(([name, spec]) => (spec.required ? name : `[${name}]`))
      .join(" ");
    return `  ${d.name.padEnd(width)}  ${params}`;
  }).join("\n");
  return `Usage: whmapi1 FUNCTION [key=value ...] [--output=json|jsonpretty|xml|yaml] [--url=URL --user=USER --token=TOKEN]
       whmapi1 FUNCTION --help

Functions:
${list}
`;
}

/** Sorts hash keys as cPanel's YAML and pretty-JSON writers do. */
function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sorted((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

export function formatOutput(body: string, output: Output): string {
  if (output === "xml" || output === "json") return body.endsWith("\n") ? body : `${body}\n`;
  const envelope = sorted(JSON.parse(body));
  if (output === "jsonpretty") return `${JSON.stringify(envelope, null, 3)}\n`;
  return `---\n${stringify(envelope, { lineWidth: 0 })}`;
}

export async function main(argv: readonly string[]): Promise<number> {
  const { fn, pairs, output, options } = parseCommandLine(argv);
  if (!fn || (options.help && !fn)) {
    process.stdout.write(help());
    return fn ? 0 : options.help ? 0 : 2;
  }
  if (options.help) {
    process.stdout.write(help(fn));
    return 0;
  }
  const { url, user, token } = await target(options);
  const query = new URLSearchParams([["api.version", "1"], ...pairs]).toString();
  const format = output === "xml" ? "xml" : "json";
  let response: Response;
  try {
    response = await fetch(`${url}/${format}-api/${encodeURIComponent(fn)}?${query}`, {
      headers: { authorization: `whm ${user}:${token}` },
    });
  } catch {
    process.stderr.write(`whmapi1: cannot reach ${url}\n`);
    return 3;
  }
  const body = await response.text();
  process.stdout.write(formatOutput(body, output));
  if (response.status === 403) return 3;
  const succeeded =
    format === "xml"
      ? /<metadata>.*<result>1<\/result>/s.test(body)
      : JSON.parse(body).metadata?.result === 1;
  return succeeded ? 0 : 1;
}
