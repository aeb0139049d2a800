import type { Principal } from "../runtime/define.js";
import { errors } from "../runtime/errors.js";
import { type Account, getAccount } from "../stores/accounts.js";

/**
 * The user a caller wants to act on, checked as Cpanel::AccessControl does: itself, any user for a
 * root-level caller, the accounts it owns for a reseller. Throws WHM's access error otherwise;
 * returns undefined for a root-level caller naming a user that does not exist.
 */
export async function requireAccessibleUser(
  principal: Pick<Principal, "user" | "acls">,
  tenant: string,
  user: string,
): Promise<Account | undefined> {
  const account = await getAccount(tenant, user);
  const allowed =
    principal.user === user ||
    principal.acls.includes("all") ||
    (account !== undefined && account.owner === principal.user);
  if (!allowed) throw errors.noAccessToAccount(user);
  return account;
}
