import { Logger } from "@aws-lambda-powertools/logger";

/**
 * Structured JSON logs. Only names, ids and outcomes are logged, never argument values, tokens or
 * secrets: the runtime logs one line per call and nothing else logs request data.
 */
export const logger = new Logger({ serviceName: "whm-serverless" });

/**
 * What a log line may say of an error: its name and, for a failed connection, the system's code
 * (`ECONNREFUSED`: fetch's own TypeError says only "fetch failed"). Never its message, which can
 * quote request data.
 */
export function errorFields(error: unknown): { errorName?: string; errorCause?: string } {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  return {
    errorName: (error as Error | undefined)?.name,
    ...(typeof cause === "string" ? { errorCause: cause } : {}),
  };
}
