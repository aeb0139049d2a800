import { syncDirectory } from "../../lambdas/accounts/sync.js";
import { DEMO_DIRECTORY } from "../../local/demo-directory.js";

export { listacctsOutput, listacctsRow, listresellersOutput } from "../../local/demo-directory.js";

/** The demo directory `npm start` loads (local/demo-directory.ts), for a tenant of a test. */
export async function seedDirectory(tenant: string): Promise<void> {
  await syncDirectory(tenant, DEMO_DIRECTORY);
}
