import { errors } from "../kernel/errors.js";
import { ticketAuths, ticketFilters } from "../portal/ticket-list.js";
import { isObject, TICKETS_API, ticketSystem, ticketSystemReads } from "../portal/tickets-api.js";
import { defineFunction } from "../runtime/define.js";
import { lambdaHandler } from "../runtime/handler.js";
import { schema } from "../runtime/schema.js";

/**
 * The open tickets of the portal user behind the session's OAuth2 token, with the servers each
 * ticket lists and their support-access status, filtered as WHM filters them.
 */
export const definition = defineFunction({
  name: "ticket_list",
  perlModule: "Whostmgr::API::1::TicketSupport",
  summary: "List the support tickets and their servers' access status",
  acl: "all",
  params: {
    ticket_id: { description: "Only servers of this ticket.", maxLength: 256, example: "12345678" },
    server_num: { description: "Only servers with this number.", maxLength: 256, example: "1" },
    ssh_username: { description: "Only servers with this SSH user.", maxLength: 256, example: "root" },
  },
  returns: schema.object({
    auths: schema.array(
      schema.object({
        ticket_id: schema.string("The ticket's id."),
        ticket_subject: schema.string("Its subject."),
        ticket_status: schema.string("OPEN for the tickets the portal lists."),
        servers: schema.array(
          schema.object({
            server_num: schema.string("The server's number in the ticket."),
            server_name: schema.string("Its name."),
            ssh_username: schema.string("The SSH user support would use."),
            ssh_ip: schema.string("The SSH address in the ticket."),
            ssh_port: schema.integer("The SSH port."),
            whm_ip: schema.string("The WHM address in the ticket."),
            auth_status: schema.string("NOT_AUTHED: support access is granted on a server."),
            bound: schema.flag("Whether the SSH address is this server's."),
          }),
        ),
      }),
      "One entry per open ticket, newest first.",
    ),
  }),
  reads: ticketSystemReads,
  async run({ principal, tenant }, args) {
    const filters = ticketFilters(args);
    const answer = await (await ticketSystem(principal)).call(TICKETS_API.openTickets);
    if (answer.status !== 200) throw errors.ticketListFailed(answer.status);
    const tickets = isObject(answer.body) ? answer.body.data : undefined;
    if (!Array.isArray(tickets)) throw errors.ticketUnknown();
    return { auths: ticketAuths(tickets, filters, (await tenant.record()).ip) };
  },
});

export const handler = lambdaHandler(definition);
