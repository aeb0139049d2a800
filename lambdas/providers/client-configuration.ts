import { errors } from "../kernel/errors.js";
import type { ClientConfiguration } from "../stores/secrets/index.js";
import type { ProviderFacts } from "./provider.js";

/** Longest key or value of a client configuration (Cpanel/Validate/OpenIdConnect.pm). */
export const MAX_ELEMENT_SIZE = 1024;
// biome-ignore lint/suspicious/noControlCharactersInRegex: vertical tab and form feed are line terminators to refuse
const LINE_TERMINATOR = /[\n\r\u2028\u2029\u0085\u000b\u000c]/;

/**
 * Checks a parsed `configurations` value as WHM's provider base class does: a hash whose keys and
 * values are small and single-line, holding every field the provider declares as a non-empty
 * string, and nothing else.
 */
export function validateClientConfiguration(provider: ProviderFacts, value: unknown): ClientConfiguration {
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw errors.notAHash("hashref");
  const entries = Object.entries(value as Record<string, unknown>);
  for (const [key, field] of entries) {
    if (key.length > MAX_ELEMENT_SIZE) throw errors.configurationTooLarge(key.slice(0, 64), MAX_ELEMENT_SIZE);
    if (typeof field === "string" && field.length > MAX_ELEMENT_SIZE)
      throw errors.configurationTooLarge(key, MAX_ELEMENT_SIZE);
    if (LINE_TERMINATOR.test(key) || (typeof field === "string" && LINE_TERMINATOR.test(field))) {
      throw errors.lineTerminator(key.replace(LINE_TERMINATOR, " "));
    }
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(provider.configFields)) {
    const field = record[key];
    if (field === undefined || field === null || field === "") throw errors.missingConfigurationKey(key);
    if (typeof field === "object") throw errors.configurationNotString(key);
  }
  for (const [key] of entries) {
    if (!Object.hasOwn(provider.configFields, key))
      throw errors.unknownConfigurationKey(key, provider.displayName);
  }
  return Object.fromEntries(entries.map(([key, field]) => [key, String(field)]));
}
