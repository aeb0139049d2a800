import type { ClientConfiguration } from "../stores/secrets/index.js";
import { secretStore } from "../stores/secrets/index.js";

/** Every provider's client configuration of a tenant (read once per call). */
export async function clientConfigurations(tenant: string): Promise<Record<string, ClientConfiguration>> {
  return (await secretStore().get(tenant))?.providers ?? {};
}
