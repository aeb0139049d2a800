import { providerIdParam, requireProvider, subjectParam, usernameParam } from "../providers/params.js";
import { defineFunction } from "../runtime/define.js";
import { lambdaHandler } from "../runtime/handler.js";
import { removeLink } from "../stores/links.js";

/** Removes a user's link to an identity at a provider; removing a link that is not there is not an error. */
export const definition = defineFunction({
  name: "unlink_user_authn_provider",
  perlModule: "Whostmgr::API::1::Accounts",
  summary: "Unlink a user from an identity provider account",
  acl: "all",
  needs: { table: "write" },
  params: { username: usernameParam, provider_id: providerIdParam, subject_unique_identifier: subjectParam },
  async run({ tenant }, args) {
    const provider = requireProvider(args.provider_id);
    await removeLink(tenant.id, args.username, provider.id, args.subject_unique_identifier);
    return undefined;
  },
});

export const handler = lambdaHandler(definition);
