import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { withCallContext } from "../kernel/call-context.js";
import { CLEARED_SESSION_COOKIE, SESSION_COOKIE } from "../runtime/auth.js";
import { invocation, type LambdaHandler } from "../runtime/handler.js";
import { htmlPage } from "../runtime/html-page.js";
import { logger } from "../runtime/logger.js";
import { parseEvent } from "../runtime/request.js";
import { constantTimeEqual, sha256 } from "../stores/hash.js";
import { endSession, getSession } from "../stores/sessions.js";

/**
 * `/cpsessNNNNNNNNNN/logout/`, as WHM's logout: the session behind the cookie ends (when the path
 * token is its own) and the cookie is cleared. Answers the same whether or not there was a session.
 */
export const handler: LambdaHandler = (event, context) =>
  invocation("session_logout", context, (requestId) => serve(event, requestId));

async function serve(
  event: APIGatewayProxyEventV2,
  requestId: string,
): Promise<APIGatewayProxyStructuredResultV2> {
  const done = htmlPage(
    200,
    {
      title: "Logged out",
      text: "You have logged out.",
      next: { href: "/api-shell/", label: "Open the API Shell" },
    },
    {},
    [CLEARED_SESSION_COOKIE],
  );
  try {
    const match = /^\/cpsess(\d{10})\/logout\/?$/.exec(event.rawPath);
    const request = await parseEvent({ ...event, rawPath: "/json-api/logout" });
    const cookie = request.cookies.get(SESSION_COOKIE);
    if (!match || !cookie) return done;
    const sessionHash = sha256(decodeURIComponent(cookie));
    const session = await getSession(sessionHash);
    if (
      session?.credential &&
      session.cpSecurityToken &&
      constantTimeEqual(session.cpSecurityToken, `/cpsess${match[1]}`)
    ) {
      const ended = () =>
        endSession(session.tenant, session.credential ?? "", sessionHash, { user: session.user });
      await withCallContext(
        {
          tenant: session.tenant,
          actor: { user: session.user, via: "session" },
          sourceIp: request.sourceIp,
          function: "session_logout",
          requestId,
        },
        ended,
      );
    }
    return done;
  } catch (error) {
    logger.error("logout failed", { errorName: (error as Error)?.name });
    return done;
  }
}
