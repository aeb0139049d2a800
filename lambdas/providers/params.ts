import type { ParamSpec } from "../runtime/define.js";
import { ALLOWED_SERVICES, errors } from "../runtime/errors.js";
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
