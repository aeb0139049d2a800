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
 * The test of a non-exact search: a case-insensitive regular expression; one that does not compile
 * matches everything, as the reference falls back to `qr/./`.
 */
function searchTest(text: string): (value: string) => boolean {
  // A quantified group (`(a+)+`) can take exponential time in JavaScript's engine; such a search
  // is matched as plain text instead (Perl's engine bounds it, V8's does not).
  if (/\)[*+?{]/.test(text)) {
    const folded = text.toLowerCase();
    return (value) => value.toLowerCase().includes(folded);
  }
  try {
    const pattern = new RegExp(text, "i");
    return (value) => pattern.test(value);
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
 * Whostmgr::Accounts::List's search: `exact` compares (domain, user and owner without case),
 * anything else is a case-insensitive regular expression; an empty search, or one that does not
 * compile, matches every account, and a search without a known type filters nothing.
 */
export function matchesSearch(account: Account, { search, searchtype, searchmethod }: Search): boolean {
  if (!search || !searchtype) return true;
  const type = searchtype as SearchType;
  if (type === "domain_and_user") {
    return (
      matchesSearch(account, { search, searchmethod, searchtype: "user" }) ||
      matchesSearch(account, { search, searchmethod, searchtype: "domain" })
    );
  }
  const value = fieldOf(account, type);
  if (searchmethod === "exact") {
    return type === "ip" || type === "package"
      ? value === search
      : value.toLowerCase() === search.toLowerCase();
  }
  return searchTest(search.replace(/\n/g, ""))(value);
}

/** The accounts a caller may list: root-level callers (and root with list-accts) all, resellers their own. */
export function visibleTo(
  caller: { user: string; acls: readonly string[] },
  account: Pick<Account, "owner">,
): boolean {
  return caller.acls.includes("all") || caller.user === "root" || account.owner === caller.user;
}
