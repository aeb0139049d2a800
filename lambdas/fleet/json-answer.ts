import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";

/** A JSON answer of the provider's machine endpoints: not cached unless `headers` say otherwise. */
export function jsonAnswer(
  status: number,
  body: object,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: status,
    headers: { "content-type": "application/json", "cache-control": "no-store", ...headers },
    body: JSON.stringify(body),
  };
}
