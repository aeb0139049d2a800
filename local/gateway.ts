import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { CATALOG_BY_NAME } from "../lambdas/catalog.js";
import { type LambdaHandler, unknownFunctionHandler } from "../lambdas/runtime/handler.js";
import { parsePath } from "../lambdas/runtime/request.js";
import { handler as apiShell } from "../lambdas/web/api_shell.js";
import { handler as directorySync } from "../lambdas/web/directory_sync.js";
import { handler as openidAuthorize } from "../lambdas/web/openid_authorize.js";
import { handler as openidConnect } from "../lambdas/web/openid_connect.js";
import { handler as openidConnectCallback } from "../lambdas/web/openid_connect_callback.js";
import { handler as openidDiscovery } from "../lambdas/web/openid_discovery.js";
import { handler as openidEndSession } from "../lambdas/web/openid_end_session.js";
import { handler as openidToken } from "../lambdas/web/openid_token.js";
import { handler as openidUserinfo } from "../lambdas/web/openid_userinfo.js";
import { handler as passkeyRegistration } from "../lambdas/web/passkey_registration.js";
import { handler as passkeySignIn } from "../lambdas/web/passkey_sign_in.js";
import { handler as sessionLogin } from "../lambdas/web/session_login.js";
import { handler as sessionLogout } from "../lambdas/web/session_logout.js";

/** API Gateway's HTTP API payload limit. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The API Gateway HTTP API (payload format 2.0) event for a request, as the deployed API builds it. */
export function toEvent(req: IncomingMessage, body: Buffer, secure: boolean): APIGatewayProxyEventV2 {
  const url = new URL(req.url ?? "/", "http://gateway.local");
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined && name !== "cookie")
      headers[name] = Array.isArray(value) ? value.join(",") : value;
  }
  headers["x-forwarded-proto"] = secure ? "https" : "http";
  const route = parsePath(url.pathname);
  const method = req.method ?? "GET";
  const now = new Date();
  return {
    version: "2.0",
    routeKey: route ? `${method} ${url.pathname}` : "$default",
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    cookies: req.headers.cookie?.split(";").map((cookie) => cookie.trim()),
    headers,
    requestContext: {
      accountId: "local",
      apiId: "local",
      domainName: req.headers.host ?? "localhost",
      domainPrefix: "localhost",
      http: {
        method,
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? "127.0.0.1",
        userAgent: req.headers["user-agent"] ?? "",
      },
      requestId: randomUUID(),
      routeKey: route ? `${method} ${url.pathname}` : "$default",
      stage: "$default",
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    body: body.length ? body.toString("utf8") : undefined,
    isBase64Encoded: false,
  };
}

/** The handler API Gateway would route a path to: the function's own Lambda, or the default route's. */
export function handlerFor(path: string): LambdaHandler {
  if (/^\/cpsess\d{10}\/login\/?$/.test(path)) return sessionLogin;
  if (/^\/cpsess\d{10}\/logout\/?$/.test(path)) return sessionLogout;
  if (/^\/cpsess\d{10}\/passkeys\/?$/.test(path)) return passkeyRegistration;
  if (path === "/directory/accounts") return directorySync;
  if (/^(\/cpsess\d{10})?\/openid_connect\/[^/]+\/?$/.test(path)) return openidConnect;
  if (/^\/openid_connect_callback\/[^/]+\/?$/.test(path)) return openidConnectCallback;
  const fleet = FLEET_ROUTES.get(path.replace(/\/$/, ""));
  if (fleet) return fleet;
  if (path === "/openapi.json" || /^(\/cpsess\d{10})?\/api-shell(\/|$)/.test(path))
    return apiShell as LambdaHandler;
  const name = parsePath(path)?.functionName;
  return (name !== undefined && handlers.get(name)) || unknownFunctionHandler;
}

/** The tenants' OpenID Connect providers' endpoints (lib/whm-api-stack.ts gives each its Lambda). */
const FLEET_ROUTES = new Map<string, LambdaHandler>([
  ["/.well-known/openid-configuration", openidDiscovery],
  ["/openid/jwks", openidDiscovery],
  ["/openid/authorize", openidAuthorize],
  ["/openid/token", openidToken],
  ["/openid/userinfo", openidUserinfo],
  ["/openid/end_session", openidEndSession],
  ["/openid/passkey", passkeySignIn],
]);

const handlers = new Map<string, LambdaHandler>();

/** Loads every catalog function's handler module, as each Lambda would at cold start. */
export async function loadHandlers(): Promise<void> {
  for (const [name, entry] of CATALOG_BY_NAME) {
    const module = (await import(`../lambdas/${entry.entry.replace(/\.ts$/, ".js")}`)) as {
      handler: LambdaHandler;
    };
    handlers.set(name, module.handler);
  }
}

async function serve(req: IncomingMessage, res: ServerResponse, secure: boolean): Promise<void> {
  const body = await readBody(req);
  if (!body) {
    res.writeHead(413, { "content-type": "application/json" }).end('{"message":"Request Entity Too Large"}');
    return;
  }
  const event = toEvent(req, body, secure);
  const result = await handlerFor(event.rawPath)(event, { awsRequestId: event.requestContext.requestId });
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  if (result.cookies?.length) headers["set-cookie"] = result.cookies;
  res.writeHead(result.statusCode ?? 200, headers).end(result.body ?? "");
}

/**
 * The local stand-in for API Gateway: an HTTP server on 127.0.0.1 that turns each request into the
 * same event the deployed API sends and invokes the same handler modules the Lambdas run.
 */
export async function startGateway(port: number, options: { secure?: boolean } = {}): Promise<Server> {
  await loadHandlers();
  const server = createServer((req, res) => {
    serve(req, res, options.secure ?? false).catch(() => {
      if (!res.headersSent) res.writeHead(502, { "content-type": "application/json" });
      res.end('{"message":"Internal Server Error"}');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  return server;
}
