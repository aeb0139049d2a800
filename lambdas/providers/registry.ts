import { cpanelid } from "./cpanelid.js";
import { facebook } from "./facebook.js";
import { google } from "./google.js";
import type { ProviderFacts } from "./provider.js";
import { whmcs } from "./whmcs.js";

/** The built-in identity providers, by id (lower case, as WHM names them). */
export const PROVIDERS: ReadonlyMap<string, ProviderFacts> = new Map(
  [cpanelid, facebook, google, whmcs].map((provider) => [provider.id, provider]),
);

export function findProvider(id: string): ProviderFacts | undefined {
  return PROVIDERS.get(id.toLowerCase());
}
