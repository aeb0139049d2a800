import { matchesSearch, SEARCH_TYPES, visibleTo } from "../accounts/search.js";
import { defineFunction } from "../runtime/define.js";
import { WhmError } from "../runtime/errors.js";
import { lambdaHandler } from "../runtime/handler.js";
import { schema } from "../runtime/schema.js";
import { listAccounts } from "../stores/accounts.js";

/**
 * Lists the tenant's cPanel accounts from its directory, each as its server's `listaccts` printed
 * it. Resellers see the accounts they own; root sees all. `want` keeps only the named fields.
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
  async run({ principal, tenant }, args) {
    if (args.searchtype !== undefined && !(SEARCH_TYPES as readonly string[]).includes(args.searchtype)) {
      throw new WhmError("Unknown search type.");
    }
    const accounts = (await listAccounts(tenant.id)).filter(
      (account) => account.record && visibleTo(principal, account) && matchesSearch(account, args),
    );
    const oneUser = args.searchmethod === "exact" && args.searchtype === "user";
    if (oneUser && !accounts.length) throw new WhmError("No accounts found.");
    if (!accounts.length) return undefined;
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
    };
  },
});

export const handler = lambdaHandler(definition);
