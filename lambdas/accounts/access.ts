import type { Principal } from "../kernel/domain.js";
import { errors } from "../kernel/errors.js";
import { type Account, getAccount } from "../stores/accounts.js";

/**
 * Cpanel::AccessControl's rule: a caller may act on itself, on any existing user when it is
 * root-level, and on the accounts it owns.
 */
export function canManage(
  principal: Pick<Principal, "user" | "acls">,
  user: string,
  account: Account | undefined,
): boolean {
  return (
    principal.user === user ||
    (account !== undefined && (principal.acls.includes("all") || account.owner === principal.user))
  );
}

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
  const allowed = canManage(principal, user, account) || (principal.acls.includes("all") && !account);
  if (!allowed) throw errors.noAccessToAccount(user);
  return account;
}
