import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { SESSION_COOKIE } from "../runtime/auth.js";
import { logger } from "../runtime/logger.js";
import { parseEvent } from "../runtime/request.js";
import { constantTimeEqual, sha256 } from "../stores/hash.js";
import { activateSession, getSession } from "../stores/sessions.js";

const page = (status: number, text: string, headers: Record<string, string> = {}, cookies?: string[]) => ({
  statusCode: status,
  headers: {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    "content-security-policy": "default-src 'none'",
    ...headers,
  },
  cookies,
  body: `<!doctype html><meta charset="utf-8"><title>whm-serverless</title><p>${text}</p>`,
});

/**
 * The one-time login URL of create_user_session: `/cpsessNNNNNNNNNN/login?session=ID`. A valid,
 * unused link whose path token matches its session sets the session cookie (HttpOnly, SameSite
 * Strict, Secure over HTTPS) and sends the browser to the API Shell under the same `/cpsess` path.
 */
export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const match = /^\/cpsess(\d{10})\/login\/?$/.exec(event.rawPath);
  const refused = page(401, "This login link is invalid, has expired, or was used already.");
  try {
    const request = parseEvent({ ...event, rawPath: "/json-api/login" });
    const sessionId = request.args.get("session")?.[0];
    if (!match || !sessionId) return refused;
    const session = await getSession(sha256(sessionId));
    if (!session?.cpSecurityToken || !constantTimeEqual(session.cpSecurityToken, `/cpsess${match[1]}`))
      return refused;
    if (!(await activateSession(sessionId))) return refused;
    const secure = request.secure ? "; Secure" : "";
    const cookie = `${SESSION_COOKIE}=${encodeURIComponent(sessionId)}; Path=/; HttpOnly; SameSite=Strict${secure}`;
    return page(302, "Logged in.", { location: `/cpsess${match[1]}/api-shell/index.html` }, [cookie]);
  } catch (error) {
    logger.error("login failed", { errorName: (error as Error)?.name });
    return refused;
  }
}
