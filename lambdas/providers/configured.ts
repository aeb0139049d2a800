import type { ClientConfiguration } from "../stores/secrets/index.js";
import { secretReader, secretReads } from "../stores/secrets/index.js";

/** The items clientConfigurations reads by key (runtime/define.ts `reads`). */
export const clientConfigurationReads = (tenant: string) => secretReads(tenant);

/** Every provider's client configuration of a tenant (read once per call). */
export async function clientConfigurations(tenant: string): Promise<Record<string, ClientConfiguration>> {
  return (await secretReader().get(tenant))?.providers ?? {};
}
