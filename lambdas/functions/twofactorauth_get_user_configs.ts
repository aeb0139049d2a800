import { canManage } from "../accounts/access.js";
import { visibleTo } from "../accounts/search.js";
import { errors } from "../kernel/errors.js";
import { defineFunction, NEXT_PAGE } from "../runtime/define.js";
import { lambdaHandler } from "../runtime/handler.js";
import { schema } from "../runtime/schema.js";
import { type AccountSummary, accountSummariesPage, getAccount } from "../stores/accounts.js";
import { usersWithTwoFactor } from "../stores/two-factor.js";

/**
 * Whether each user the caller may manage has two-factor authentication configured, with its
 * primary domain (root's is the tenant's host name). `user` asks for one user. Secrets are never
 * returned. One call reads one page of the directory.
 */
export const definition = defineFunction({
  name: "twofactorauth_get_user_configs",
  perlModule: "Whostmgr::API::1::TwoFactorAuth",
  summary: "Return users' two-factor authentication configuration status",
  acl: "basic-whm-functions",
  params: {
    user: { description: "One user to report on (the caller or an account it owns).", maxLength: 64 },
  },
  returns: schema.map(
    schema.object({ is_enabled: schema.flag(), primary_domain: schema.nullable(schema.string()) }),
    "By user name.",
  ),
  async run({ principal, tenant, page }, args) {
    const isRoot = principal.acls.includes("all");
    let accounts: Array<Pick<AccountSummary, "user" | "domain">>;
    let next: string | undefined;
    if (args.user) {
      const account = await getAccount(tenant.id, args.user);
      if (!canManage(principal, args.user, account)) throw errors.tfaNoAccess(args.user);
      accounts = [account ?? { user: args.user }];
    } else {
      const read = await accountSummariesPage(tenant.id, page);
      next = read.next;
      accounts = read.items.filter((account) =>
        account.user === "root" ? isRoot : visibleTo(principal, account),
      );
    }
    const enabled = await usersWithTwoFactor(
      tenant.id,
      accounts.map((account) => account.user),
    );
    const hostname = accounts.some((account) => account.user === "root")
      ? (await tenant.record()).hostname
      : undefined;
    const output: Record<string, unknown> = {};
    for (const account of accounts) {
      output[account.user] = {
        is_enabled: enabled.has(account.user) ? 1 : 0,
        primary_domain: account.user === "root" ? hostname : (account.domain ?? null),
      };
    }
    return { ...output, [NEXT_PAGE]: next };
  },
});

export const handler = lambdaHandler(definition);
