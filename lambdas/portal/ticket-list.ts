import { errors } from "../kernel/errors.js";
import { USERNAME } from "../stores/accounts.js";
import { isObject } from "./tickets-api.js";

/** ticket_list's optional filters, checked and normalised as Whostmgr/API/1/TicketSupport.pm does. */
export interface TicketFilters {
  readonly sshUsername?: string;
  readonly ticketId?: string;
  readonly serverNum?: string;
}

export function ticketFilters(args: {
  ssh_username?: string;
  ticket_id?: string;
  server_num?: string;
}): TicketFilters {
  const trim = (value: string | undefined) => value?.trim() || undefined;
  const sshUsername = trim(args.ssh_username);
  if (sshUsername !== undefined && !USERNAME.test(sshUsername)) throw errors.ticketUserInvalid(sshUsername);
  const rawTicket = trim(args.ticket_id);
  const ticketId = rawTicket === undefined ? undefined : /^0*(\w{3,64})$/.exec(rawTicket)?.[1];
  if (rawTicket !== undefined && ticketId === undefined) throw errors.ticketIdInvalid(rawTicket);
  const rawServer = trim(args.server_num)?.replace(/^0+/, "");
  const serverNum = rawServer === undefined ? undefined : /^0*(\w{1,64})$/.exec(rawServer)?.[1];
  if (rawServer !== undefined && serverNum === undefined) throw errors.ticketServerNumInvalid(rawServer);
  return { sshUsername, ticketId, serverNum };
}

/**
 * WHM's `auths` from the ticket system's open tickets: newest ticket first, servers by number.
 * No server is authorized here (SSH grants need a server), so every server is `NOT_AUTHED`; a
 * server is `bound` when its SSH address is the tenant's own.
 */
export function ticketAuths(tickets: unknown[], filters: TicketFilters, serverIp: string | undefined) {
  return tickets
    .filter(isObject)
    .sort((a, b) => Number(b.ticket_id) - Number(a.ticket_id))
    .map((ticket) => {
      const ticketId = String(ticket.ticket_id);
      const servers = isObject(ticket.servers) ? ticket.servers : {};
      return {
        ticket_id: ticketId,
        ticket_subject: ticket.ticket_subject,
        ticket_status: "OPEN",
        servers: Object.entries(servers)
          .filter((entry): entry is [string, Record<string, unknown>] => isObject(entry[1]))
          .filter(([serverNum, server]) => matches(filters, ticketId, serverNum, server))
          .sort(([a], [b]) => Number(a) - Number(b))
          .map(([serverNum, server]) => serverEntry(serverNum, server, serverIp)),
      };
    });
}

/**
 * WHM keeps a server when its user is the one asked for and any one of the id filters matches
 * (Whostmgr/TicketSupport.pm `remote_authorizations_list` greps the matchers with "any").
 */
function matches(
  filters: TicketFilters,
  ticketId: string,
  serverNum: string,
  server: Record<string, unknown>,
) {
  if (filters.sshUsername !== undefined && server.ssh_username !== filters.sshUsername) return false;
  const idFilters = [
    filters.ticketId === undefined ? undefined : filters.ticketId === ticketId,
    filters.serverNum === undefined ? undefined : filters.serverNum === serverNum,
  ].filter((result) => result !== undefined);
  return idFilters.length === 0 || idFilters.includes(true);
}

function serverEntry(serverNum: string, server: Record<string, unknown>, serverIp: string | undefined) {
  const sshPort = server.ssh_port ?? 22;
  return {
    server_name: server.server_name,
    ssh_username: server.ssh_username,
    ssh_ip: server.ssh_ip,
    ssh_port: sshPort,
    whm_ip: server.whm_ip,
    ...(server.ssh_username !== "root" ? { root_escalation_method: server.root_escalation_method } : {}),
    server_num: serverNum,
    auth_status: "NOT_AUTHED",
    ...(server.ssh_ip && sshPort ? { bound: server.ssh_ip === serverIp ? 1 : 0 } : {}),
  };
}
