import type { Account } from "../stores/accounts.js";

/** listaccts' search types (Whostmgr/API/1/Accounts.pm). */
export const SEARCH_TYPES = ["domain", "ip", "user", "package", "owner", "domain_and_user"] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];

export interface Search {
  readonly search?: string;
  readonly searchtype?: string;
  readonly searchmethod?: string;
}

/**
 * The test of a non-exact search: a case-insensitive regular expression, run by RE2's linear-time
 * engine (a backtracking engine takes exponential time on `(a+)+` or a repeated `.*`), loaded only
 * by calls that search; one that does not compile (RE2 has no back-references or look-around)
 * matches everything, as the reference falls back to `qr/./`.
 */
async function patternTest(text: string): Promise<(value: string) => boolean> {
  const { RE2JS } = await import("re2js");
  try {
    const pattern = RE2JS.compile(text, RE2JS.CASE_INSENSITIVE);
    return (value) => pattern.matcher(value).find();
  } catch {
    return () => true;
  }
}

const fieldOf = (account: Account, type: SearchType): string => {
  const record = account.record ?? {};
  switch (type) {
    case "domain":
      return account.domain ?? "";
    case "ip":
      return String(record.ip ?? "");
    case "user":
      return account.user;
    case "package":
      return String(record.plan ?? "");
    case "owner":
      return account.owner;
    default:
      return "";
  }
};

/**
 * Whostmgr::Accounts::List's search, as a test of accounts: `exact` compares (domain, user and
 * owner without case), anything else is a case-insensitive regular expression; an empty search,
 * or one that does not compile, matches every account, and a search without a known type filters
 * nothing. `domain_and_user` matches either.
 */
export async function searchFilter({
  search,
  searchtype,
  searchmethod,
}: Search): Promise<(account: Account) => boolean> {
  if (!search || !searchtype) return () => true;
  const types: SearchType[] =
    searchtype === "domain_and_user" ? ["user", "domain"] : [searchtype as SearchType];
  const test =
    searchmethod === "exact"
      ? (value: string, type: SearchType) =>
          type === "ip" || type === "package"
            ? value === search
            : value.toLowerCase() === search.toLowerCase()
      : await patternTest(search.replace(/\n/g, ""));
  return (account) => types.some((type) => test(fieldOf(account, type), type));
}

/** The accounts a caller may list: root-level callers (and root with list-accts) all, resellers their own. */
export function visibleTo(
  caller: { user: string; acls: readonly string[] },
  account: Pick<Account, "owner">,
): boolean {
  return caller.acls.includes("all") || caller.user === "root" || account.owner === caller.user;
}
