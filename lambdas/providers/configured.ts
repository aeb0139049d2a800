import type { ClientConfiguration } from "../stores/secrets/index.js";
import { secretReader } from "../stores/secrets/index.js";

/** Every provider's client configuration of a tenant (read once per call). */
export async function clientConfigurations(tenant: string): Promise<Record<string, ClientConfiguration>> {
  return (await secretReader().get(tenant))?.providers ?? {};
}
