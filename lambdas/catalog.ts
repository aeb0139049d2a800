/**
 * Every WHM API 1 function whm-serverless serves: the single list the CDK stack, the local gateway,
 * the command line, the docs and the tests read. Adding a function = its handler file + one line here.
 */

import * as get_provider_client_configurations from "./functions/get_provider_client_configurations.js";
import * as set_provider_client_configurations from "./functions/set_provider_client_configurations.js";
import * as ticket_validate_oauth2_code from "./functions/ticket_validate_oauth2_code.js";
import type { FunctionDefinition, Params } from "./runtime/define.js";

export interface CatalogEntry {
  readonly definition: FunctionDefinition<Params>;
  /** The handler module, relative to lambdas/, that the function's Lambda bundles. */
  readonly entry: string;
}

const modules = {
  get_provider_client_configurations,
  set_provider_client_configurations,
  ticket_validate_oauth2_code,
} as const;

export const CATALOG: readonly CatalogEntry[] = Object.entries(modules).map(([name, module]) => ({
  definition: module.definition as unknown as FunctionDefinition<Params>,
  entry: `functions/${name}.ts`,
}));

export const CATALOG_BY_NAME: ReadonlyMap<string, CatalogEntry> = new Map(
  CATALOG.map((entry) => [entry.definition.name, entry]),
);
