import { errors } from "../kernel/errors.js";
import { isObject, TICKETS_API, ticketSystem, ticketSystemReads } from "../portal/tickets-api.js";
import { defineFunction } from "../runtime/define.js";
import { lambdaHandler } from "../runtime/handler.js";
import { schema } from "../runtime/schema.js";

/**
 * The support information the licence records hold for this server's public IP address (the
 * tenant's setting here; WHM reads its own), as the ticket system answers it: fields under
 * `data.data`.
 */
export const definition = defineFunction({
  name: "ticket_get_support_info",
  perlModule: "Whostmgr::API::1::TicketSupport",
  summary: "Return the support information for this server's IP address",
  acl: "all",
  params: {},
  returns: schema.object({
    data: schema.object(
      {
        ip: schema.string("The IP address looked up."),
        hostname: schema.string("The host name in the licence records."),
        company_id: schema.integer("The licensing company."),
        company_name: schema.string("Its name."),
        gets_direct_support: schema.flag("Whether cPanel supports this server directly."),
      },
      "The ticket system's answer for the address.",
    ),
  }),
  reads: ticketSystemReads,
  async run({ principal, tenant }) {
    const { ip } = await tenant.record();
    if (!ip) throw errors.ticketNoServerIp();
    const tickets = await ticketSystem(principal);
    const answer = await tickets.call(`${TICKETS_API.supportInfo}/${encodeURIComponent(ip)}`);
    if (answer.status !== 200) throw errors.ticketSupportInfoFailed(ip, answer.status);
    if (!isObject(answer.body) || !isObject(answer.body.data)) throw errors.ticketUnknown();
    return answer.body;
  },
});

export const handler = lambdaHandler(definition);
