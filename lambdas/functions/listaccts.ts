import { SEARCH_TYPES, searchFilter, visibleTo } from "../accounts/search.js";
import { WhmError } from "../kernel/errors.js";
import { defineFunction, NEXT_PAGE } from "../runtime/define.js";
import { lambdaHandler } from "../runtime/handler.js";
import { schema } from "../runtime/schema.js";
import { type Account, accountsPage, getAccount } from "../stores/accounts.js";

/**
 * Lists the tenant's cPanel accounts from its directory, each as its server's `listaccts` printed
 * it. Resellers see the accounts they own; root sees all. `want` keeps only the named fields. An
 * exact search by user is one read by key; anything else reads one page of the directory.
 */
export const definition = defineFunction({
  name: "listaccts",
  perlModule: "Whostmgr::API::1::Accounts",
  summary: "List accounts",
  acl: "list-accts",
  params: {
    search: {
      description: "What to look for (a regular expression unless searchmethod=exact).",
      maxLength: 1024,
    },
    searchtype: {
      description: "The field to search: domain, ip, user, package, owner or domain_and_user.",
      maxLength: 64,
    },
    searchmethod: { description: "exact for an exact match; otherwise a regular expression.", maxLength: 64 },
    want: { description: "A comma-separated list of the fields to return.", maxLength: 4096 },
  },
  listKey: "acct",
  // API 0 (Whostmgr/XMLUI/Accounts.pm listaccts): the accounts beside status and statusmsg.
  api0: (outcome) =>
    "reason" in outcome
      ? { acct: [], status: 0, statusmsg: outcome.reason }
      : { acct: outcome.data?.acct ?? [], status: 1, statusmsg: "Ok" },
  returns: schema.object({
    acct: schema.array(
      schema.object({
        user: schema.string(),
        domain: schema.string(),
        owner: schema.string(),
        email: schema.string(),
        suspended: schema.flag(),
        ip: schema.string(),
        plan: schema.string(),
      }),
      "The accounts, with every field their server's listaccts gave.",
    ),
  }),
  async run({ principal, tenant, page }, args) {
    if (args.searchtype !== undefined && !(SEARCH_TYPES as readonly string[]).includes(args.searchtype)) {
      throw new WhmError("Unknown search type.");
    }
    const oneUser = args.searchmethod === "exact" && args.searchtype === "user";
    const { items, next }: { items: Account[]; next?: string } =
      oneUser && args.search
        ? { items: [await getAccount(tenant.id, args.search.toLowerCase())].filter((a) => a !== undefined) }
        : await accountsPage(tenant.id, page);
    const matches = await searchFilter(args);
    const accounts = items.filter(
      (account) => account.record && visibleTo(principal, account) && matches(account),
    );
    if (oneUser && !accounts.length) throw new WhmError("No accounts found.");
    if (!accounts.length) return next === undefined ? undefined : { acct: [], [NEXT_PAGE]: next };
    const want = args.want?.split(",");
    return {
      acct: accounts.map((account) => {
        const record = account.record ?? {};
        return want
          ? Object.fromEntries(
              want.map((field) => [field, Object.hasOwn(record, field) ? record[field] : null]),
            )
          : record;
      }),
      [NEXT_PAGE]: next,
    };
  },
});

export const handler = lambdaHandler(definition);
