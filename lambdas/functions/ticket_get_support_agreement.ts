import { errors } from "../kernel/errors.js";
import { acceptance, agreementDocument, dateFormatShort } from "../portal/agreement.js";
import { dataObject, TICKETS_API, ticketSystem, ticketSystemReads } from "../portal/tickets-api.js";
import { defineFunction } from "../runtime/define.js";
import { lambdaHandler } from "../runtime/handler.js";
import { schema } from "../runtime/schema.js";

/**
 * The cPanel Technical Support Agreement and whether the portal user behind the session's OAuth2
 * token (ticket_validate_oauth2_code) accepted its current version. The ticket system names the
 * agreement's URL; the document itself is public.
 */
export const definition = defineFunction({
  name: "ticket_get_support_agreement",
  perlModule: "Whostmgr::API::1::TicketSupport",
  summary: "Return the Technical Support Agreement and whether it was accepted",
  acl: "all",
  params: {},
  returns: schema.object({
    accepted: schema.flag("Whether the portal user accepted this version after it was published."),
    accepted_date: schema.nullable(schema.integer("When they accepted it (Unix time).")),
    accepted_date_human: schema.nullable(schema.string("accepted_date as M/d/yy.")),
    body: schema.string("The agreement text (may contain HTML)."),
    create_date: schema.integer("When this version was published (Unix time)."),
    create_date_human: schema.nullable(schema.string("create_date as M/d/yy.")),
    download_url: schema.string("Where to download the agreement."),
    title: schema.string("The agreement's title."),
    version: schema.string("The agreement's version."),
    view_url: schema.string("Where to read the agreement as a web page."),
  }),
  reads: ticketSystemReads,
  async run({ principal }) {
    const tickets = await ticketSystem(principal);
    const located = await tickets.call(TICKETS_API.agreementUrl);
    const url = dataObject(located)?.json_url;
    if (typeof url !== "string" || !url) throw errors.ticketAgreementUrlMissing(located.status);
    const status = await tickets.call(TICKETS_API.approvalStatus).catch(() => undefined);
    const agreement = agreementDocument(await tickets.fetchPublic(url));
    const accepted = acceptance(agreement, status);
    return {
      ...agreement,
      ...accepted,
      create_date_human: dateFormatShort(agreement.create_date),
      accepted_date_human: dateFormatShort(accepted.accepted_date),
    };
  },
});

export const handler = lambdaHandler(definition);
