import { removeLinksOf } from "../stores/links.js";
import { endSessionsFor } from "../stores/sessions.js";
import { listTokens, revokeToken } from "../stores/tokens.js";

/**
 * Removes what a user leaves behind when it leaves the directory: its links to identities, its API
 * tokens (and the sessions made with them), and every session opened for it.
 */
export async function purgeUser(tenant: string, user: string): Promise<void> {
  await removeLinksOf(tenant, user);
  for (const token of await listTokens(tenant, user)) await revokeToken(tenant, user, token.name);
  await endSessionsFor(tenant, user);
}
