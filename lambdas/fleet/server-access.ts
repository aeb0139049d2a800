import type { Service } from "../kernel/domain.js";
import type { Account } from "../stores/accounts.js";
import type { RelyingParty } from "../stores/relying-parties.js";

/**
 * Who may sign in to a server of the tenant: to WHM, root and resellers; to cPanel and Webmail,
 * the accounts the server hosts (as its directory push reported them: resellers have cPanel
 * accounts too), never root. Nobody suspended, nobody the directory does not know.
 */
export function mayUse(account: Account | undefined, party: RelyingParty, service: Service): boolean {
  if (!account || account.suspended) return false;
  if (service === "whostmgrd") return account.kind !== "cpanel";
  return account.kind !== "root" && party.server !== undefined && account.server === party.server;
}
