import assert from "node:assert/strict";
import type { TestStack } from "./local-stack.js";

/** Configures Google and enables it on cpaneld, as linking an identity requires (token: the tenant's root). */
export async function enableGoogle(stack: TestStack, token?: string): Promise<void> {
  for (const [fn, params] of [
    [
      "set_provider_client_configurations",
      {
        service_name: "cpaneld",
        provider_id: "google",
        configurations: '{"client_id":"id","client_secret":"secret"}',
      },
    ],
    ["enable_authentication_provider", { service_name: "cpaneld", provider_id: "google" }],
  ] as const) {
    const { json } = await stack.call(fn, params, { token });
    assert.equal(json.metadata.result, 1, `${fn}: ${json.metadata.reason}`);
  }
}
