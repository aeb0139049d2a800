import { ALLOWED_SERVICES } from "../kernel/domain.js";
import { errors } from "../kernel/errors.js";
import type { ParamSpec } from "../runtime/define.js";
import type { ProviderFacts } from "./provider.js";
import { findProvider } from "./registry.js";

/** `service_name`: one of the services that can use external authentication. */
export const serviceNameParam = {
  description: "The cPanel & WHM service: cpaneld, whostmgrd or webmaild.",
  required: true,
  enum: ALLOWED_SERVICES,
  enumError: () => errors.unknownService(),
  example: "cpaneld",
} as const satisfies ParamSpec;

/** `provider_id`: a built-in identity provider's id. */
export const providerIdParam = {
  description: "The identity provider's id, e.g. cpanelid.",
  required: true,
  maxLength: 64,
  example: "cpanelid",
} as const satisfies ParamSpec;

/** The provider with that id, or WHM's invalid-provider error. */
export function requireProvider(id: string): ProviderFacts {
  const provider = findProvider(id);
  if (!provider) throw errors.unknownProvider(id);
  return provider;
}

/** `configurations`: a JSON object of fields (client or display configuration). */
export const configurationsParam = {
  description: "The fields to set, as a JSON object.",
  required: true,
  type: "json",
  maxLength: 65_536,
  example: '{"client_id":"victoria","client_secret":"secret"}',
} as const satisfies ParamSpec;

/** `username`: the cPanel or WHM user a link belongs to. */
export const usernameParam = {
  description: "The cPanel or WHM account's username.",
  required: true,
  nonEmpty: true,
  maxLength: 254,
  example: "example",
} as const satisfies ParamSpec;

/** `subject_unique_identifier`: the user's id at the provider (the OpenID Connect `sub`). */
export const subjectParam = {
  description: "The user's unique identifier at the identity provider (the OpenID Connect sub claim).",
  required: true,
  nonEmpty: true,
  maxLength: 1024,
  example: "113820656256683120954",
} as const satisfies ParamSpec;
