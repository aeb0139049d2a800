import type { IncomingMessage, ServerResponse } from "node:http";

/** The stand-in agreement: published at a fixed past time, so an acceptance made now counts. */
export const LOCAL_AGREEMENT = {
  version: "2026.1",
  create_date: 1_767_225_600,
  title: "cPanel Technical Support Agreement",
  body: "<p>The stand-in Technical Support Agreement of the local cPanel Customer Portal.</p>",
} as const;

/** The open tickets every stand-in portal user has (the ticket system's `open-tickets` shape). */
export const LOCAL_TICKETS = [
  {
    ticket_id: "41000001",
    ticket_subject: "Mail delivery delayed",
    servers: {
      "1": {
        server_name: "Local server",
        ssh_username: "root",
        ssh_ip: "203.0.113.10",
        ssh_port: 22,
        whm_ip: "203.0.113.10",
      },
      "2": {
        server_name: "Backup server",
        ssh_username: "support",
        ssh_ip: "198.51.100.7",
        ssh_port: 2222,
        whm_ip: "198.51.100.7",
        root_escalation_method: "sudo",
      },
    },
  },
  { ticket_id: "41000002", ticket_subject: "License question", servers: {} },
] as const;

const V3_CONTENT_TYPE = "application/vnd.cpanel.tickets-v3+json";

/**
 * The cPanel Customer Portal's ticket-system API as WHM calls it (Whostmgr/TicketSupport.pm, V3):
 * Bearer tokens of the stand-in OAuth server, the V3 content type, `{status, data}` answers.
 * Returns a request handler that answers its own paths and leaves every other path (false).
 */
export function ticketSystem(
  base: string,
  accountOf: (accessToken: string) => Promise<string | undefined>,
): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  const approvals = new Map<string, { version: string; timestamp: number }>();
  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  };
  return async (req, res) => {
    const path = new URL(req.url ?? "/", base).pathname;
    if (path === "/agreement.json") {
      json(res, 200, {
        ...LOCAL_AGREEMENT,
        view_url: `${base}/agreement.html`,
        download_url: `${base}/agreement.pdf`,
      });
      return true;
    }
    if (!path.startsWith("/json-api/")) return false;
    const bearer = /^Bearer (\S+)$/.exec(req.headers.authorization ?? "")?.[1];
    const account = bearer ? await accountOf(bearer) : undefined;
    if (!account) {
      json(res, 401, { status: 401, message: "The access token is invalid or expired." });
      return true;
    }
    if (req.headers["content-type"] !== V3_CONTENT_TYPE) {
      json(res, 415, { status: 415, message: `Use the content type ${V3_CONTENT_TYPE}.` });
      return true;
    }
    const body = await readJson(req);
    if (path === "/json-api/tickets/get-technical-support-agreement-url" && req.method === "GET") {
      json(res, 200, { status: 200, message: "OK", data: { json_url: `${base}/agreement.json` } });
    } else if (path === "/json-api/tickets/support-agreement-approval-status" && req.method === "GET") {
      const approval = approvals.get(account);
      json(res, 200, {
        status: 200,
        message: "OK",
        data: approval ? { agreed: 1, ...approval } : { agreed: 0, timestamp: null, version: null },
      });
    } else if (path === "/json-api/tickets/support-agreement-approval-status" && req.method === "POST") {
      const version = typeof body?.version === "string" ? body.version : "";
      if (version !== LOCAL_AGREEMENT.version) {
        json(res, 400, { status: 400, message: `Unknown agreement version: ${version}` });
      } else {
        approvals.set(account, { version, timestamp: Math.floor(Date.now() / 1000) });
        json(res, 200, { status: 200, message: "OK", data: { agreed: 1, version } });
      }
    } else if (path.startsWith("/json-api/support-info/") && req.method === "GET") {
      const ip = decodeURIComponent(path.slice("/json-api/support-info/".length));
      json(res, 200, {
        status: 200,
        message: "OK",
        data: {
          ip,
          hostname: "localhost",
          company_id: 7,
          company_name: "Local Hosting Partner",
          tech_contact_email: "support@example.com",
          pub_tech_contact: "https://support.example.com/",
          gets_direct_support: 1,
          has_company_info: 1,
          has_compatibility_info: 0,
        },
      });
    } else if (path === "/json-api/tickets/open-tickets" && req.method === "GET") {
      json(res, 200, { status: 200, message: "OK", data: LOCAL_TICKETS });
    } else {
      json(res, 404, { status: 404, message: "Not found" });
    }
    return true;
  };
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (!chunks.length) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    return undefined;
  }
}
