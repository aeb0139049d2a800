import { defineFunction, NEXT_PAGE } from "../runtime/define.js";
import { lambdaHandler } from "../runtime/handler.js";
import { schema } from "../runtime/schema.js";
import { linksPage } from "../stores/links.js";

/**
 * Lists the links to identities at external providers of every user the caller may see: WHM gives
 * the users the caller can reach, and only root-level callers (ACL `all`) get here, so that is every
 * user of the tenant. One call reads one page of links.
 */
export const definition = defineFunction({
  name: "get_users_authn_linked_accounts",
  perlModule: "Whostmgr::API::1::Accounts",
  summary: "Return users' linked identity provider accounts",
  acl: "all",
  params: {},
  listKey: "username_linked_accounts",
  returns: schema.object({
    username_linked_accounts: schema.array(
      schema.object({
        username: schema.string(),
        provider_protocol: schema.string(),
        provider_id: schema.string(),
        subject_unique_identifier: schema.string(),
        link_time: schema.integer("Unix time of linking."),
        preferred_username: schema.string(),
      }),
    ),
  }),
  async run({ tenant, page }) {
    const { items, next } = await linksPage(tenant.id, page);
    return {
      username_linked_accounts: items.map((link) => ({
        username: link.username,
        provider_protocol: "openid_connect",
        provider_id: link.providerId,
        subject_unique_identifier: link.subject,
        link_time: link.linkTime,
        preferred_username: link.preferredUsername,
      })),
      [NEXT_PAGE]: next,
    };
  },
});

export const handler = lambdaHandler(definition);
