import { readFile } from "node:fs/promises";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";

/**
 * The page, its script, its style sheet and the OpenAPI document (generated from the catalog by
 * `npm run openapi`, so this bundle holds no handler code), served from this directory (copied
 * beside the bundle on deploy).
 */
const SHELL_DIR = new URL("./shell/", import.meta.url);
/** Maps, not object literals: a path segment such as `constructor` must find nothing. */
const FILES: ReadonlyMap<string, string> = new Map([
  ["", "index.html"],
  ["index.html", "index.html"],
  ["app.js", "app.js"],
  ["style.css", "style.css"],
]);
const TYPES: ReadonlyMap<string, string> = new Map([
  ["html", "text/html; charset=utf-8"],
  ["js", "text/javascript; charset=utf-8"],
  ["css", "text/css; charset=utf-8"],
]);

/** Everything from this origin only, no inline code, no framing. */
const SECURITY_HEADERS = {
  "content-security-policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cross-origin-opener-policy": "same-origin",
  "permissions-policy": "camera=(), microphone=(), geolocation=()",
};

let openApiText: string | undefined;

const PAGE = /^(?:\/cpsess\d{10})?\/api-shell(?:\/([\w.-]*))?$/;

/**
 * The API Shell (`/api-shell/`, and `/cpsessNNNNNNNNNN/api-shell/` for browser sessions) and the
 * OpenAPI document it is built from (`/openapi.json`). Static and public: every API call the page
 * makes is authenticated like any other.
 */
export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  if (event.rawPath === "/openapi.json") {
    openApiText ??= await readFile(new URL("openapi.json", SHELL_DIR), "utf8");
    return {
      statusCode: 200,
      headers: {
        "content-type": "application/json; charset=utf-8",
        "cache-control": "max-age=300",
        ...SECURITY_HEADERS,
      },
      body: openApiText,
    };
  }
  const match = PAGE.exec(event.rawPath);
  const file = match ? FILES.get(match[1] ?? "") : undefined;
  if (!match || !file) {
    return {
      statusCode: 404,
      headers: { "content-type": "text/plain; charset=utf-8", ...SECURITY_HEADERS },
      body: "Not found",
    };
  }
  if (match[1] === undefined) {
    return {
      statusCode: 301,
      headers: { location: `${event.rawPath}/index.html`, ...SECURITY_HEADERS },
      body: "",
    };
  }
  const body = await readFile(new URL(file, SHELL_DIR), "utf8");
  return {
    statusCode: 200,
    headers: {
      "content-type": TYPES.get(file.split(".").pop() ?? "html") ?? "text/plain",
      "cache-control": "no-cache",
      ...SECURITY_HEADERS,
    },
    body,
  };
}
