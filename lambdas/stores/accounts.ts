import type { ItemKey } from "../kernel/domain.js";
import {
  getItem,
  getItems,
  keys,
  nowSeconds,
  type Page,
  type PageRequest,
  tenantItems,
  tenantPage,
  type WriteRequest,
  writeAll,
} from "./dynamo.js";

/**
 * The tenant's directory of users, as WHM knows them from the server: root, resellers with their
 * ACLs, and cPanel accounts with their owner. WHM's functions check users against it.
 */
export interface Account {
  readonly user: string;
  /** `root` always exists; a reseller may own accounts; a cPanel account is owned by root or a reseller. */
  readonly kind: "root" | "reseller" | "cpanel";
  /** The reseller (or root) that owns the account. */
  readonly owner: string;
  /** A reseller's WHM ACLs; root holds `all`; cPanel accounts hold none. */
  readonly acls: readonly string[];
  readonly suspended: boolean;
  readonly domain?: string;
  readonly email?: string;
  /** The server that reported the account (its import replaces what it reported before). */
  readonly server?: string;
  /** The account as `listaccts` printed it on its server, served back by listaccts here. */
  readonly record?: Readonly<Record<string, unknown>>;
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
    server: item.server as string | undefined,
    record: item.record as Record<string, unknown> | undefined,
  };
}

function toItem(tenant: string, account: Account): Record<string, unknown> {
  return { ...keys.account(tenant, account.user), type: "account", tenant, ...account };
}

/** The key of a user's account item; undefined for root (built in) and names no account can have. */
export function accountKey(tenant: string, user: string): ItemKey | undefined {
  return user === "root" || !USERNAME.test(user) ? undefined : keys.account(tenant, user);
}

/** The account a read of `accountKey(tenant, user)` found, or undefined when there is none (or it was removed). */
export function accountOf(user: string, item: Record<string, unknown> | undefined): Account | undefined {
  if (user === "root") return ROOT;
  return item && item.removed_at === undefined ? fromItem(item) : undefined;
}

/** The account, or undefined when there is none (or it was removed). */
export async function getAccount(tenant: string, user: string): Promise<Account | undefined> {
  const key = accountKey(tenant, user);
  if (user !== "root" && !key) return undefined;
  return accountOf(user, key && (await getItem(key)));
}

/** Several accounts by user name, in batched reads, in the order named (undefined where there is none). */
export async function getAccounts(
  tenant: string,
  users: readonly string[],
): Promise<Array<Account | undefined>> {
  const wanted = users.map((user) => accountKey(tenant, user));
  const found = await getItems(
    wanted.filter((key) => key !== undefined),
    true,
  );
  let at = 0;
  return users.map((user, i) => accountOf(user, wanted[i] ? found[at++] : undefined));
}

/**
 * What a credential (token or session) of this account may do now: the privileges it was given
 * that the account still holds in the directory (all of them for an account holding `all`);
 * a credential made with all of its user's privileges follows the account's.
 */
export function currentAcls(
  granted: readonly string[],
  account: Pick<Account, "acls">,
  followsAccount = false,
): readonly string[] {
  if (account.acls.includes("all")) return granted;
  const held = [...new Set([...account.acls, ...EVERY_ACCOUNT_ACLS])];
  if (followsAccount || granted.includes("all")) return held;
  return granted.filter((acl) => held.includes(acl));
}

/**
 * What every account of the directory holds whatever its ACL list says: the two-factor functions
 * are each user's own settings (docs/DECISIONS.md), not a privilege a server grants.
 */
const EVERY_ACCOUNT_ACLS = ["basic-whm-functions"];

/** Adds or replaces one account (root cannot be stored). */
export async function putAccount(tenant: string, account: Account): Promise<void> {
  await writeAll([
    { PutRequest: { Item: checked(tenant, account) } },
    ...domainIndexChange(tenant, account.user, undefined, account.domain),
  ]);
}

function checked(tenant: string, account: Account): Record<string, unknown> {
  if (account.kind === "root" || account.user === "root") throw new Error("root is built in");
  if (!USERNAME.test(account.user)) throw new Error(`not a user name: ${account.user}`);
  return toItem(tenant, account);
}

/** One page of the tenant's live accounts by name; the first page starts with root. */
export function accountsPage(tenant: string, page: PageRequest): Promise<Page<Account>> {
  return liveAccountsPage(tenant, page);
}

/** An account without its listaccts record: who it is, whose it is, its domain. */
export type AccountSummary = Pick<Account, "user" | "kind" | "owner" | "domain">;

/**
 * accountsPage without each account's listaccts record (dozens of fields), for functions that need
 * only names, owners and domains: the same read units, a fraction of the bytes to parse.
 */
export function accountSummariesPage(tenant: string, page: PageRequest): Promise<Page<AccountSummary>> {
  return liveAccountsPage(tenant, page, ["user", "kind", "owner", "domain", "removed_at"]);
}

/** A page of accounts (only `attributes` of each, when given), without removed ones, root first. */
async function liveAccountsPage(
  tenant: string,
  page: PageRequest,
  attributes?: readonly string[],
): Promise<Page<Account>> {
  const { items, next } = await tenantPage(tenant, "ACCOUNT#", page, true, attributes);
  const accounts = items.filter((item) => item.removed_at === undefined).map(fromItem);
  return { items: page.after === undefined ? [ROOT, ...accounts] : accounts, next };
}

/** The account whose main domain this is (one read of the domain's index item, one of the account). */
export async function findAccountByDomain(tenant: string, domain: string): Promise<Account | undefined> {
  const Item = await getItem(keys.accountDomain(tenant, domain));
  const account = Item ? await getAccount(tenant, String(Item.user)) : undefined;
  return account?.domain?.toLowerCase() === domain.toLowerCase() ? account : undefined;
}

/** WHM's owner check (Whostmgr::AcctInfo::Owner::checkowner): the account itself or its owner. */
export function owns(caller: string, account: Account): boolean {
  return account.user === caller || account.owner === caller;
}

export interface ReconcileReport {
  readonly added: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly removed: string[];
  /** Accounts this server reported that another server reported first: left as that server has them. */
  readonly elsewhere?: string[];
}

/** What an import would do, shown to its caller's check before anything is written. */
export interface ReconcilePlan {
  /** Live accounts this server reported before. */
  readonly serverAccounts: number;
  readonly removed: readonly string[];
}

/** JSON with object keys sorted: DynamoDB does not keep a map's key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).filter(([, child]) => child !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, child]) => `${JSON.stringify(key)}:${canonical(child)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

/** Everything an account item holds that an import can change. */
const comparable = (account: Account) =>
  canonical([
    account.kind,
    account.owner,
    [...account.acls].sort(),
    account.suspended,
    account.domain,
    account.email,
    account.server,
    account.record,
  ]);

/**
 * Makes the directory agree with what one server reported: new accounts are added, changed ones
 * rewritten, unchanged ones left alone (a repeated import writes nothing), and accounts this server
 * reported before but no longer does are marked removed, after their links, tokens and sessions go
 * (`purge`). Accounts reported by other servers are not touched.
 */
export async function reconcileAccounts(
  tenant: string,
  server: string,
  reported: readonly Account[],
  purge: (tenant: string, user: string) => Promise<void>,
  check: (plan: ReconcilePlan) => void = () => {},
): Promise<ReconcileReport> {
  const current = new Map(
    (await tenantItems(tenant, "ACCOUNT#", true)).map((item) => [String(item.user), item] as const),
  );
  const writes: WriteRequest[] = [];
  let added = 0;
  let updated = 0;
  let unchanged = 0;
  const seen = new Set<string>();
  const elsewhere: string[] = [];
  for (const account of reported) {
    const next = { ...account, server };
    seen.add(next.user);
    const item = current.get(next.user);
    // One server cannot rewrite, take over or re-own an account another server reports.
    if (item && item.removed_at === undefined && item.server !== undefined && item.server !== server) {
      elsewhere.push(next.user);
      continue;
    }
    if (item && item.removed_at === undefined && comparable(fromItem(item)) === comparable(next)) {
      unchanged++;
      continue;
    }
    if (item && item.removed_at === undefined) updated++;
    else added++;
    writes.push({ PutRequest: { Item: checked(tenant, next) } });
    const before = item && item.removed_at === undefined ? (item.domain as string | undefined) : undefined;
    writes.push(...domainIndexChange(tenant, next.user, before, next.domain));
  }
  const removed = [...current.values()]
    .filter((item) => item.server === server && item.removed_at === undefined && !seen.has(String(item.user)))
    .map((item) => String(item.user));
  const serverAccounts = [...current.values()].filter(
    (item) => item.server === server && item.removed_at === undefined,
  ).length;
  check({ serverAccounts, removed });
  for (const user of removed) await purge(tenant, user);
  const now = nowSeconds();
  for (const user of removed) {
    const item = current.get(user) ?? {};
    writes.push({ PutRequest: { Item: { ...item, removed_at: now } } });
    writes.push(...domainIndexChange(tenant, user, item.domain as string | undefined, undefined));
  }
  await writeAll(writes);
  return { added, updated, unchanged, removed, ...(elsewhere.length ? { elsewhere } : {}) };
}

/** The writes that move an account's domain index item (`DOMAIN#name` → user) from one domain to another. */
function domainIndexChange(
  tenant: string,
  user: string,
  before: string | undefined,
  after: string | undefined,
): WriteRequest[] {
  if (before?.toLowerCase() === after?.toLowerCase()) return [];
  return [
    ...(before ? [{ DeleteRequest: { Key: keys.accountDomain(tenant, before) } }] : []),
    ...(after
      ? [
          {
            PutRequest: {
              Item: { ...keys.accountDomain(tenant, after), type: "account-domain", tenant, user },
            },
          },
        ]
      : []),
  ];
}
