import type { ItemKey } from "../kernel/domain.js";
import { errors } from "../kernel/errors.js";
import type { TenantRef } from "../runtime/define.js";
import { getAccount } from "../stores/accounts.js";
import { keys } from "../stores/dynamo.js";
import { issuersOf } from "../stores/two-factor.js";

/**
 * TwoFactorAuth.pm `_validate_issuer`: one opening and one closing quote are stripped; empty
 * clears the issuer (undefined); otherwise 1–32 characters of letters, digits, space, `.`, `_`, `-`.
 */
export function validateIssuer(raw: string | undefined): string | undefined {
  const issuer = (raw ?? "").replace(/^['"]|['"]$/g, "");
  if (!issuer.length) return undefined;
  if (!/^[ a-zA-Z0-9._-]{1,32}$/.test(issuer)) throw errors.tfaIssuerInvalid();
  return issuer;
}

/** The items issuersFor reads by key (runtime/define.ts `reads`); an owner's issuer is read after the account. */
export function issuerReads(tenant: string, user: string): ItemKey[] {
  if (user === "root") return [keys.twoFactorIssuer(tenant, "root")];
  return [
    keys.account(tenant, user),
    keys.twoFactorIssuer(tenant, "root"),
    keys.twoFactorIssuer(tenant, user),
  ];
}

/**
 * Issuers.pm `get_issuer`: a reseller's own issuer, else its owner's, else the system-wide one
 * (root's), else the host name; with the system-wide one itself. One read of the three issuers.
 */
export async function issuersFor(
  tenant: TenantRef,
  user: string,
): Promise<{ issuer: string; systemWide: string }> {
  const account = await getAccount(tenant.id, user);
  const owner = account && account.owner !== "root" && account.owner !== user ? account.owner : undefined;
  const issuers = await issuersOf(tenant.id, [
    "root",
    ...(user === "root" ? [] : [user]),
    ...(owner ? [owner] : []),
  ]);
  const systemWide = issuers.get("root") ?? (await tenant.record()).hostname;
  if (account?.kind === "reseller" && issuers.has(user))
    return { issuer: issuers.get(user) as string, systemWide };
  if (owner && issuers.has(owner)) return { issuer: issuers.get(owner) as string, systemWide };
  return { issuer: systemWide, systemWide };
}
