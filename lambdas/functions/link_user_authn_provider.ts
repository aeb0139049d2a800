import { requireAccessibleUser } from "../accounts/access.js";
import { errors } from "../kernel/errors.js";
import { providerIdParam, requireProvider, subjectParam, usernameParam } from "../providers/params.js";
import { defineFunction } from "../runtime/define.js";
import { lambdaHandler } from "../runtime/handler.js";
import { keys } from "../stores/dynamo.js";
import { addLink, IdentityLinkedElsewhere } from "../stores/links.js";
import { getProviderSettings } from "../stores/provider-settings.js";

/**
 * Links a user to an identity at an external provider, so that the identity can log in as the user.
 * The caller must have access to the user (itself, one it owns, or any as root), the provider must
 * be enabled on at least one service, and the user must exist (Cpanel/Security/Authn/User/Modify.pm).
 */
export const definition = defineFunction({
  name: "link_user_authn_provider",
  perlModule: "Whostmgr::API::1::Accounts",
  summary: "Link a user to an identity provider account",
  acl: "all",
  params: {
    username: usernameParam,
    provider_id: providerIdParam,
    subject_unique_identifier: subjectParam,
    preferred_username: {
      description: "The name to show for the identity, e.g. its e-mail address at the provider.",
      required: true,
      maxLength: 1024,
      example: "user@example.com",
    },
  },
  reads: ({ tenant }, args) => [
    keys.account(tenant, args.username),
    keys.provider(tenant, requireProvider(args.provider_id).id),
  ],
  async run({ principal, tenant }, args) {
    const account = await requireAccessibleUser(principal, tenant.id, args.username);
    const provider = requireProvider(args.provider_id);
    const { enabled } = await getProviderSettings(tenant.id, provider.id);
    if (!Object.values(enabled).some(Boolean)) throw errors.providerNotEnabled(args.provider_id);
    if (!account) throw errors.userNotFound(args.username);
    try {
      await addLink(tenant.id, {
        username: args.username,
        providerId: provider.id,
        subject: args.subject_unique_identifier,
        preferredUsername: args.preferred_username,
      });
    } catch (error) {
      if (error instanceof IdentityLinkedElsewhere)
        throw errors.identityLinkedElsewhere(provider.id, args.subject_unique_identifier);
      throw error;
    }
    return undefined;
  },
});

export const handler = lambdaHandler(definition);
