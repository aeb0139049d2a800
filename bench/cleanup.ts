import { listLinks, removeLink } from "../lambdas/stores/links.js";
import { listRelyingParties, removeRelyingParty } from "../lambdas/stores/relying-parties.js";
import { listTokens, revokeToken } from "../lambdas/stores/tokens.js";

/**
 * Functions measured last, in this order: their workloads add items other functions list (tokens,
 * identity links, relying parties), and unlink_user_authn_provider removes the links
 * link_user_authn_provider added.
 * So every list function is measured on the bench tenant's own, fixed data.
 */
export const MEASURED_LAST = [
  "api_token_create",
  "wp_dashboard_create_api_token",
  "link_user_authn_provider",
  "unlink_user_authn_provider",
  "register_openid_connect_client",
];

/** After which of them the workloads' items are removed (removeWorkloadItems). */
export const CLEANS_UP_AFTER = new Set([
  "api_token_create",
  "wp_dashboard_create_api_token",
  "unlink_user_authn_provider",
  "register_openid_connect_client",
]);

/** Removes the tokens, links and relying parties the workloads added (names and subjects `bench-…`, `dash-…`). */
export async function removeWorkloadItems(tenant: string): Promise<void> {
  for (const token of await listTokens(tenant, "root")) {
    if (/^(bench|dash)-\d/.test(token.name)) await revokeToken(tenant, "root", token.name);
  }
  for (const party of await listRelyingParties(tenant)) {
    if (/^bench-\d/.test(party.name)) await removeRelyingParty(tenant, party.clientId);
  }
  for (const link of await listLinks(tenant)) {
    if (link.subject.startsWith("bench-"))
      await removeLink(tenant, link.username, link.providerId, link.subject);
  }
}
