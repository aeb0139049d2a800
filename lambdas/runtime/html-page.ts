import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";

/** A minimal HTML answer for the browser-facing routes (login, logout): no script, no framing. */
export function htmlPage(
  status: number,
  text: string,
  headers: Record<string, string> = {},
  cookies?: string[],
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: status,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
      ...headers,
    },
    cookies,
    body: `<!doctype html><meta charset="utf-8"><title>whm-serverless</title><p>${text}</p>`,
  };
}
