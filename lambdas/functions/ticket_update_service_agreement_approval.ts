import { errors } from "../kernel/errors.js";
import { isObject, TICKETS_API, ticketSystem, ticketSystemReads } from "../portal/tickets-api.js";
import { defineFunction } from "../runtime/define.js";
import { lambdaHandler } from "../runtime/handler.js";
import { recordEvent } from "../stores/audit.js";

/**
 * Tells the ticket system that the portal user behind the session's OAuth2 token accepted the
 * Technical Support Agreement `version`. Answers metadata only.
 */
export const definition = defineFunction({
  name: "ticket_update_service_agreement_approval",
  perlModule: "Whostmgr::API::1::TicketSupport",
  summary: "Record that the Technical Support Agreement was accepted",
  acl: "all",
  params: {
    version: {
      description: "The version of the agreement the user accepted.",
      required: true,
      nonEmpty: true,
      missingError: errors.ticketVersionMissing,
      maxLength: 256,
      example: "2026.1",
    },
  },
  reads: ticketSystemReads,
  async run({ principal }, args) {
    const tickets = await ticketSystem(principal);
    const answer = await tickets.call(TICKETS_API.approvalStatus, {
      method: "POST",
      body: { version: args.version },
    });
    if (answer.status !== 200) {
      const message = isObject(answer.body) && answer.body.message ? String(answer.body.message) : "";
      throw errors.ticketApprovalFailed(answer.status, message);
    }
    // The acceptance is stored at the portal: the event follows its answer.
    await recordEvent({
      target: "support agreement",
      user: principal.user,
      detail: `accepted version ${args.version}`,
    });
    return undefined;
  },
});

export const handler = lambdaHandler(definition);
