import type { APIGatewayProxyEventV2 } from "aws-lambda";

/** A minimal API Gateway HTTP API (payload 2.0) event, for unit tests and the cold-start benchmark. */
export function httpEvent(
  rawPath: string,
  rawQueryString = "",
  options: { body?: string; headers?: Record<string, string>; base64?: boolean; cookies?: string[] } = {},
): APIGatewayProxyEventV2 {
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath,
    rawQueryString,
    headers: { "content-type": "application/x-www-form-urlencoded", ...options.headers },
    cookies: options.cookies,
    requestContext: {
      accountId: "test",
      apiId: "test",
      domainName: "localhost",
      domainPrefix: "localhost",
      http: {
        method: options.body ? "POST" : "GET",
        path: rawPath,
        protocol: "HTTP/1.1",
        sourceIp: "127.0.0.1",
        userAgent: "test",
      },
      requestId: "test",
      routeKey: "$default",
      stage: "$default",
      time: new Date().toISOString(),
      timeEpoch: Date.now(),
    },
    body: options.base64 && options.body ? Buffer.from(options.body).toString("base64") : options.body,
    isBase64Encoded: options.base64 ?? false,
  };
}
