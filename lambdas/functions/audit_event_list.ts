import { defineFunction, NEXT_PAGE } from "../runtime/define.js";
import { lambdaHandler } from "../runtime/handler.js";
import { schema } from "../runtime/schema.js";
import { getAccounts } from "../stores/accounts.js";
import { type AuditRecord, eventsPage } from "../stores/audit.js";

/**
 * Beyond WHM (WHM keeps accounting.log on each server): the tenant's audit trail, newest first —
 * every change to providers, links, tokens, sessions and two-factor settings, every sign-in
 * decision and lockout, each with its actor, source address, function, target and outcome, never
 * a secret. Root-level callers see every event; a reseller sees the events about its own accounts
 * (and itself). One call reads one page; `api.chunk` gives the next.
 */
export const definition = defineFunction({
  name: "audit_event_list",
  perlModule: "(beyond WHM)",
  summary: "List the tenant's audit events, newest first",
  acl: "list-accts",
  params: {
    actor: {
      description: "Only events of this actor (a user name, `-` for a sign-in not yet known).",
      maxLength: 128,
    },
    function: {
      description: "Only events of this function or route, e.g. api_token_revoke.",
      maxLength: 128,
    },
    target: {
      description: "Only events about this target, e.g. bob/ci (a token), google (a provider).",
      maxLength: 256,
    },
    outcome: { description: "Only ok or refused events.", enum: ["ok", "refused"] },
    since: { description: "Only events at or after this time (epoch seconds).", type: "integer" },
    until: { description: "Only events at or before this time (epoch seconds).", type: "integer" },
  },
  listKey: "events",
  returns: schema.object({
    events: schema.array(
      schema.object({
        at: schema.string("When (ISO 8601, UTC)."),
        actor: schema.string("Who acted: the user name."),
        via: schema.string("token, session, sign-in, admin or push."),
        token_name: schema.string("The API token the authority came from, when it did."),
        source_ip: schema.string(),
        function: schema.string(),
        target: schema.string(),
        user: schema.string("The account the target belongs to, when it is one's."),
        outcome: schema.string("ok or refused."),
        detail: schema.string("What changed, or why it was refused."),
        request_id: schema.string(),
      }),
      "Newest first.",
    ),
  }),
  async run({ principal, tenant, page }, args) {
    const { items, next } = await eventsPage(tenant.id, page, args);
    const events = principal.acls.includes("all")
      ? items
      : await ownAccountsOnly(tenant.id, principal.user, items);
    return { events, [NEXT_PAGE]: next };
  },
});

/** A reseller's view: events about itself or an account it owns (one batched read for the page). */
async function ownAccountsOnly(
  tenant: string,
  reseller: string,
  events: AuditRecord[],
): Promise<AuditRecord[]> {
  const users = [...new Set(events.map((event) => event.user).filter((user) => user !== undefined))];
  const accounts = await getAccounts(tenant, users);
  const owned = new Set(users.filter((user, i) => user === reseller || accounts[i]?.owner === reseller));
  return events.filter((event) => event.user !== undefined && owned.has(event.user));
}

export const handler = lambdaHandler(definition);
