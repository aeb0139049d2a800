import { matchesSearch, visibleTo } from "../accounts/search.js";
import { defineFunction } from "../runtime/define.js";
import { errors, WhmError } from "../runtime/errors.js";
import { lambdaHandler } from "../runtime/handler.js";
import { schema } from "../runtime/schema.js";
import { listAccounts } from "../stores/accounts.js";

/** One account's listaccts record, found by user name or, without one, by domain. */
export const definition = defineFunction({
  name: "accountsummary",
  perlModule: "Whostmgr::API::1::Accounts",
  summary: "Return summary of account information",
  acl: "list-accts",
  params: {
    user: { description: "The account's user name.", maxLength: 64 },
    domain: { description: "The account's main domain (used when no user is given).", maxLength: 253 },
  },
  listKey: "acct",
  returns: schema.object({
    acct: schema.array(schema.object({ user: schema.string(), domain: schema.string() }), "The account."),
  }),
  async run({ principal, tenant }, args) {
    if (args.user === undefined && args.domain === undefined) {
      throw errors.plainFailure("You must specify a user or domain to get a summary of.");
    }
    const search =
      args.user !== undefined
        ? { search: args.user, searchtype: "user", searchmethod: "exact" }
        : { search: args.domain, searchtype: "domain", searchmethod: "exact" };
    const found = (await listAccounts(tenant.id)).filter(
      (account) => account.record && visibleTo(principal, account) && matchesSearch(account, search),
    );
    if (!found.length) throw new WhmError("Account does not exist.");
    return { acct: found.map((account) => account.record) };
  },
});

export const handler = lambdaHandler(definition);
