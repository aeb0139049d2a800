import { errors, type WhmError } from "../kernel/errors.js";
import type { Args, FunctionDefinition, ParamSpec, Params } from "./define.js";

/**
 * `acl`, `acl-1`, `acl-2`, ... (and repeated `acl=` names) in the order given, each value once: a
 * value repeated a thousand times is one value, not a thousand reads and writes.
 */
function numberedValues(args: ReadonlyMap<string, readonly string[]>, name: string): string[] {
  const numbered = [...args.keys()]
    .map((key) => ({ key, n: key === name ? -1 : Number(key.slice(name.length + 1)) }))
    .filter(
      ({ key, n }) =>
        key === name || (key.startsWith(`${name}-`) && /^\d+$/.test(key.slice(name.length + 1)) && n >= 0),
    )
    .sort((a, b) => a.n - b.n);
  return [...new Set(numbered.flatMap(({ key }) => args.get(key) ?? []))];
}

function convert(name: string, spec: ParamSpec, raw: string): unknown {
  switch (spec.type) {
    case "json":
      try {
        return JSON.parse(raw);
      } catch {
        throw errors.invalidJson(name);
      }
    case "integer":
      if (!/^-?\d+$/.test(raw.trim())) throw errors.invalidInteger(name);
      return Number(raw.trim());
    case "boolean":
      return raw === "1" || raw.toLowerCase() === "true";
    default:
      return raw;
  }
}

function checkChoice(name: string, spec: ParamSpec, value: string): WhmError | undefined {
  if (!spec.enum || spec.enum.includes(value)) return undefined;
  return spec.enumError?.(value) ?? errors.invalidChoice(name, value, spec.enum);
}

/**
 * Validates a call's arguments against a function's declarations in the reference's order:
 * every required argument's presence first, then emptiness, lengths and types, then allowed values.
 */
export function validateArguments<P extends Params>(
  definition: FunctionDefinition<P>,
  args: ReadonlyMap<string, readonly string[]>,
): Args<P> {
  const entries = Object.entries(definition.params);
  const first = (name: string) => args.get(name)?.[0];
  for (const [name, spec] of entries) {
    if (spec.required && !spec.repeated && first(name) === undefined) {
      throw (
        spec.missingError?.() ?? errors.missingParameter(name, `${definition.perlModule}::${definition.name}`)
      );
    }
  }
  const result: Record<string, unknown> = {};
  for (const [name, spec] of entries) {
    if (spec.repeated) {
      const values = numberedValues(args, name);
      for (const value of values)
        if (spec.maxLength && value.length > spec.maxLength) throw errors.tooLong(name, spec.maxLength);
      result[name] = values;
      continue;
    }
    const raw = first(name);
    if (raw === undefined) continue;
    if (spec.nonEmpty && raw.length === 0) throw errors.emptyParameter(name);
    if (spec.maxLength && raw.length > spec.maxLength) throw errors.tooLong(name, spec.maxLength);
    result[name] = convert(name, spec, raw);
  }
  for (const [name, spec] of entries) {
    const value = result[name];
    if (typeof value === "string") {
      const problem = checkChoice(name, spec, value);
      if (problem) throw problem;
    }
  }
  return result as Args<P>;
}
