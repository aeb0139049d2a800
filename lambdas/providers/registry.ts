import { cpanelid } from "./cpanelid.js";
import type { ProviderFacts } from "./provider.js";

/** The built-in identity providers, by id (lower case, as WHM names them). */
export const PROVIDERS: ReadonlyMap<string, ProviderFacts> = new Map([cpanelid].map((p) => [p.id, p]));

export function findProvider(id: string): ProviderFacts | undefined {
  return PROVIDERS.get(id.toLowerCase());
}
