import { visibleTo } from "../accounts/search.js";
import { errors, WhmError } from "../kernel/errors.js";
import { type Data, defineFunction } from "../runtime/define.js";
import { lambdaHandler } from "../runtime/handler.js";
import { schema } from "../runtime/schema.js";
import { findAccountByDomain, getAccount } from "../stores/accounts.js";
import { keys } from "../stores/dynamo.js";

const NO_ARGUMENTS = errors.plainFailure("You must specify a user or domain to get a summary of.");
const NOT_FOUND = new WhmError("Account does not exist.");

/** One account's listaccts record, found by user name or, without one, by domain (reads by key only). */
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
  api0,
  returns: schema.object({
    acct: schema.array(schema.object({ user: schema.string(), domain: schema.string() }), "The account."),
  }),
  reads: ({ tenant }, args) =>
    args.user !== undefined
      ? [keys.account(tenant, args.user.toLowerCase())]
      : args.domain !== undefined
        ? [keys.accountDomain(tenant, args.domain)]
        : [],
  async run({ principal, tenant }, args) {
    if (args.user === undefined && args.domain === undefined) {
      throw NO_ARGUMENTS;
    }
    const account =
      args.user !== undefined
        ? await getAccount(tenant.id, args.user.toLowerCase())
        : await findAccountByDomain(tenant.id, args.domain ?? "");
    if (!account?.record || !visibleTo(principal, account)) throw NOT_FOUND;
    return { acct: [account.record] };
  },
});

/** API 0's texts for the same failures (Whostmgr/XMLUI/Accounts.pm summary): no final period. */
const API0_REASONS = new Map([
  [NO_ARGUMENTS.reason, "You must specify a user or domain to get a summary of"],
  [NOT_FOUND.reason, "Account does not exist"],
]);

/** API 0's answer: the accounts (none when no user or domain was given) beside status and statusmsg. */
function api0(outcome: { readonly data?: Data } | { readonly reason: string }): Record<string, unknown> {
  if (!("reason" in outcome)) return { acct: outcome.data?.acct, status: 1, statusmsg: "Ok" };
  return {
    acct: outcome.reason === NO_ARGUMENTS.reason ? null : [],
    status: 0,
    statusmsg: API0_REASONS.get(outcome.reason) ?? outcome.reason,
  };
}

export const handler = lambdaHandler(definition);
