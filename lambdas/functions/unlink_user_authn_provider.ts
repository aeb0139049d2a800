import { requireAccessibleUser } from "../accounts/access.js";
import { errors } from "../kernel/errors.js";
import { providerIdParam, requireProvider, subjectParam, usernameParam } from "../providers/params.js";
import { defineFunction } from "../runtime/define.js";
import { lambdaHandler } from "../runtime/handler.js";
import { keys } from "../stores/dynamo.js";
import { removeLink } from "../stores/links.js";
import { endSessionsOf, signInCredential } from "../stores/sessions.js";

/**
 * Removes a user's link to an identity at a provider. The caller must have access to the user, who
 * must exist; a link the user does not have is refused, as in WHM. The WHM sessions signed in
 * with that identity end with the link.
 */
export const definition = defineFunction({
  name: "unlink_user_authn_provider",
  perlModule: "Whostmgr::API::1::Accounts",
  summary: "Unlink a user from an identity provider account",
  acl: "all",
  params: { username: usernameParam, provider_id: providerIdParam, subject_unique_identifier: subjectParam },
  reads: ({ tenant }, args) => [keys.account(tenant, args.username)],
  async run({ principal, tenant }, args) {
    const account = await requireAccessibleUser(principal, tenant.id, args.username);
    const provider = requireProvider(args.provider_id);
    if (!account) throw errors.userNotFound(args.username);
    if (!(await removeLink(tenant.id, args.username, provider.id, args.subject_unique_identifier))) {
      throw errors.notLinkedToUser();
    }
    await endSessionsOf(tenant.id, signInCredential(provider.id, args.subject_unique_identifier));
    return undefined;
  },
});

export const handler = lambdaHandler(definition);
