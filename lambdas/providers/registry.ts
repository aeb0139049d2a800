import { amazon } from "./amazon.js";
import { cpanelid } from "./cpanelid.js";
import { facebook } from "./facebook.js";
import { google } from "./google.js";
import { paypal } from "./paypal.js";
import type { ProviderFacts } from "./provider.js";
import { slack } from "./slack.js";
import { whmcs } from "./whmcs.js";

/** The built-in identity providers, by id (lower case, as WHM names them). */
export const PROVIDERS: ReadonlyMap<string, ProviderFacts> = new Map(
  [amazon, cpanelid, facebook, google, paypal, slack, whmcs].map((provider) => [provider.id, provider]),
);

export function findProvider(id: string): ProviderFacts | undefined {
  return PROVIDERS.get(id.toLowerCase());
}
