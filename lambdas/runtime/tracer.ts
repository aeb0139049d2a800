import type { Tracer } from "@aws-lambda-powertools/tracer";

/**
 * X-Ray tracing (Powertools Tracer), where the stage turns it on (`POWERTOOLS_TRACE_ENABLED`) and
 * only inside Lambda. Loaded on demand: where tracing is off, the X-Ray SDK in the bundle is never
 * evaluated, so it costs no cold-start time.
 */
export const tracer: Tracer | undefined =
  process.env.POWERTOOLS_TRACE_ENABLED === "true" && process.env.AWS_LAMBDA_FUNCTION_NAME
    ? new (await import("@aws-lambda-powertools/tracer")).Tracer()
    : undefined;

/** An SDK client whose calls are traced as subsegments when tracing is on. */
export function traced<C>(client: C): C {
  return tracer ? tracer.captureAWSv3Client(client) : client;
}
