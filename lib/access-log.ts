/**
 * The HTTP API's access log: one line per request with what the runbook reads
 * (docs/OPERATIONS.md): the request id, who (source address), what (route key), how it ended
 * (status, integration error) and how long (total, and the function's share). Space-separated,
 * as web servers' access logs are, since every byte is ingested and billed per call (a JSON line
 * of the same fields is 60 % longer); ACCESS_LOG_QUERY reads it back in Logs Insights. No time
 * field: the log event's own timestamp is the request's. The route key, not the path: a browser
 * session's path carries its `/cpsess` token.
 */
export const ACCESS_LOG_FIELDS = [
  ["id", "$context.requestId"],
  ["ip", "$context.identity.sourceIp"],
  ["route", '"$context.routeKey"'],
  ["status", "$context.status"],
  ["ms", "$context.responseLatency"],
  ["fnMs", "$context.integrationLatency"],
  ["error", '"$context.integrationErrorMessage"'],
] as const;

export const ACCESS_LOG_FORMAT = ACCESS_LOG_FIELDS.map(([, variable]) => variable).join(" ");

/** The Logs Insights `parse` that names the access log's fields. */
export const ACCESS_LOG_QUERY = `parse @message '${ACCESS_LOG_FIELDS.map(([, v]) => (v.startsWith('"') ? '"*"' : "*")).join(" ")}' as ${ACCESS_LOG_FIELDS.map(([name]) => name).join(", ")}`;
