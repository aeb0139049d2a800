import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { db, keys, tableName, tenantItems } from "./dynamo.js";

/**
 * The tenant's directory of users, as WHM knows them from the server: root, resellers with their
 * ACLs, and cPanel accounts with their owner. WHM's functions check users against it.
 */
export interface Account {
  readonly user: string;
  /** `root` always exists; a reseller may own accounts; a cPanel account is owned by root or a reseller. */
  readonly kind: "root" | "reseller" | "cpanel";
  /** The reseller (or root) that owns the account; resellers own themselves. */
  readonly owner: string;
  /** A reseller's WHM ACLs; root holds `all`; cPanel accounts hold none. */
  readonly acls: readonly string[];
  readonly suspended: boolean;
  readonly domain?: string;
  readonly email?: string;
}

/** Every tenant has root: it is not stored, so no import can remove or change it. */
const ROOT: Account = { user: "root", kind: "root", owner: "root", acls: ["all"], suspended: false };

/** WHM user names: what `listaccts` can print (a letter first, then letters, digits, `_.-`). */
export const USERNAME = /^[a-z][a-z0-9_.-]{0,63}$/i;

function fromItem(item: Record<string, unknown>): Account {
  return {
    user: String(item.user),
    kind: item.kind === "reseller" ? "reseller" : "cpanel",
    owner: String(item.owner),
    acls: (item.acls as string[] | undefined) ?? [],
    suspended: item.suspended === true,
    domain: item.domain as string | undefined,
    email: item.email as string | undefined,
  };
}

export async function getAccount(tenant: string, user: string): Promise<Account | undefined> {
  if (user === "root") return ROOT;
  if (!USERNAME.test(user)) return undefined;
  const { Item } = await db().send(
    new GetCommand({ TableName: tableName(), Key: keys.account(tenant, user), ConsistentRead: true }),
  );
  return Item ? fromItem(Item) : undefined;
}

/** Adds or replaces an account (root cannot be stored). */
export async function putAccount(tenant: string, account: Account): Promise<void> {
  if (account.kind === "root" || account.user === "root") throw new Error("root is built in");
  await db().send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...keys.account(tenant, account.user), type: "account", tenant, ...account },
    }),
  );
}

export async function listAccounts(tenant: string): Promise<Account[]> {
  return [ROOT, ...(await tenantItems(tenant, "ACCOUNT#", true)).map(fromItem)];
}

/**
 * WHM's owner check (Whostmgr::AcctInfo::Owner::checkowner): `caller` may act on `account` when it
 * is that account or owns it. Root-level callers are checked by the function before this.
 */
export function owns(caller: string, account: Account): boolean {
  return account.user === caller || account.owner === caller;
}
