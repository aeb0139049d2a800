import type { Tenant } from "../runtime/define.js";
import { errors } from "../runtime/errors.js";
import { getAccount } from "../stores/accounts.js";
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

/** The tenant's system-wide issuer (root's), or its host name as WHM falls back to the server's. */
export async function systemWideIssuer(tenant: Tenant): Promise<string> {
  return (await issuersOf(tenant.id, ["root"])).get("root") ?? tenant.hostname;
}

/**
 * Issuers.pm `get_issuer`: a reseller's own issuer, else its owner's, else the system-wide one,
 * else the host name. Root's issuer is the system-wide one.
 */
export async function issuerFor(tenant: Tenant, user: string): Promise<string> {
  const account = await getAccount(tenant.id, user);
  const owner = account && account.owner !== "root" && account.owner !== user ? account.owner : undefined;
  const issuers = await issuersOf(tenant.id, [
    "root",
    ...(user === "root" ? [] : [user]),
    ...(owner ? [owner] : []),
  ]);
  if (account?.kind === "reseller" && issuers.has(user)) return issuers.get(user) as string;
  if (owner && issuers.has(owner)) return issuers.get(owner) as string;
  return issuers.get("root") ?? tenant.hostname;
}
