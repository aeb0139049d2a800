import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { sessionCookie } from "../runtime/auth.js";
import { invocation, type LambdaHandler } from "../runtime/handler.js";
import { htmlPage } from "../runtime/html-page.js";
import { logger } from "../runtime/logger.js";
import { parseEvent } from "../runtime/request.js";
import { redeemLogin } from "../stores/sessions.js";

/**
 * The one-time login URL of create_user_session: `/cpsessNNNNNNNNNN/login/?session=SECRET`. A valid,
 * unused login for this path token starts the session: a new session id, never shown before, goes
 * into the cookie (HttpOnly, SameSite Strict, Secure over HTTPS), and the browser moves on to the
 * API Shell under the same `/cpsess` path. The login secret is consumed.
 */
export const handler: LambdaHandler = (event, context) =>
  invocation("session_login", context, () => serve(event));

async function serve(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const match = /^\/cpsess(\d{10})\/login\/?$/.exec(event.rawPath);
  const refused = htmlPage(401, {
    title: "Login link refused",
    text: "This login link is invalid, has expired, or was used already. Ask for a new one (create_user_session).",
  });
  try {
    const request = await parseEvent({ ...event, rawPath: "/json-api/login" });
    const loginSecret = request.args.get("session")?.[0];
    if (!match || !loginSecret || request.invalid) return refused;
    const sessionId = await redeemLogin(loginSecret, `/cpsess${match[1]}`);
    if (!sessionId) return refused;
    return htmlPage(
      302,
      { title: "Logged in", text: "Logged in." },
      { location: `/cpsess${match[1]}/api-shell/index.html` },
      [sessionCookie(sessionId, request.secure)],
    );
  } catch (error) {
    logger.error("login failed", { errorName: (error as Error)?.name });
    return refused;
  }
}
