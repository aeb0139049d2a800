import { visibleTo } from "../accounts/search.js";
import { defineFunction } from "../runtime/define.js";
import { lambdaHandler } from "../runtime/handler.js";
import { schema } from "../runtime/schema.js";
import { listAccounts } from "../stores/accounts.js";
import { listLinks } from "../stores/links.js";

/** Lists the links to identities at external providers of every user the caller may see. */
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
  async run({ principal, tenant }) {
    const links = await listLinks(tenant.id);
    // As WHM: the links of the users the caller may see (itself and the accounts it owns; all for root).
    const visible = (await listAccounts(tenant.id)).filter(
      (account) => account.user === principal.user || visibleTo(principal, account),
    );
    const users = new Set([principal.user, ...visible.map((account) => account.user)]);
    return {
      username_linked_accounts: links
        .filter((link) => users.has(link.username))
        .map((link) => ({
          username: link.username,
          provider_protocol: "openid_connect",
          provider_id: link.providerId,
          subject_unique_identifier: link.subject,
          link_time: link.linkTime,
          preferred_username: link.preferredUsername,
        })),
    };
  },
});

export const handler = lambdaHandler(definition);
