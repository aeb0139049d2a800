import { canManage } from "../accounts/access.js";
import { errors } from "../kernel/errors.js";
import { defineFunction } from "../runtime/define.js";
import { lambdaHandler } from "../runtime/handler.js";
import { schema } from "../runtime/schema.js";
import { getAccounts } from "../stores/accounts.js";
import { keys } from "../stores/dynamo.js";
import { removeTwoFactor } from "../stores/two-factor.js";

/**
 * Removes two-factor authentication from users (`user`, `user-1`, …): each one the caller may manage
 * (itself, an account it owns, any user for root) is modified; the others are listed in `failed`
 * with WHM's reason.
 */
export const definition = defineFunction({
  name: "twofactorauth_remove_user_config",
  perlModule: "Whostmgr::API::1::TwoFactorAuth",
  summary: "Remove two-factor authentication from users",
  acl: "basic-whm-functions",
  params: {
    user: { description: "A user (repeat as user-1, user-2, ...).", repeated: true, maxLength: 64 },
  },
  returns: schema.object({
    users_modified: schema.array(schema.string()),
    failed: schema.map(schema.string(), "Users not modified, with the reason."),
  }),
  reads: ({ tenant }, args) => args.user.map((user) => keys.account(tenant, user)),
  async run({ principal, tenant }, args) {
    if (!args.user.length) throw errors.tfaNoUsers();
    const isRoot = principal.acls.includes("all");
    const output = { failed: {} as Record<string, string>, users_modified: [] as string[] };
    const accounts = await getAccounts(tenant.id, args.user);
    for (const [i, user] of args.user.entries()) {
      const account = accounts[i];
      if (!canManage(principal, user, account)) {
        output.failed[user] = errors.tfaNotAuthorized(user, !isRoot || account !== undefined);
        continue;
      }
      await removeTwoFactor(tenant.id, user);
      output.users_modified.push(user);
    }
    return output;
  },
});

export const handler = lambdaHandler(definition);
