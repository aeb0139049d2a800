import type { Tracer } from "@aws-lambda-powertools/tracer";

/**
 * X-Ray tracing (Powertools Tracer), where the stage turns it on (`POWERTOOLS_TRACE_ENABLED`) and
 * only inside Lambda. Loaded on demand: esbuild puts the X-Ray SDK in a chunk of its own
 * (lib/bundling.ts), so where tracing is off it is neither parsed nor evaluated.
 */
export const tracer: Tracer | undefined =
  process.env.POWERTOOLS_TRACE_ENABLED === "true" && process.env.AWS_LAMBDA_FUNCTION_NAME
    ? new (await import("@aws-lambda-powertools/tracer")).Tracer()
    : undefined;

/** An SDK client whose calls are traced as subsegments when tracing is on. */
export function traced<C>(client: C): C {
  return tracer ? tracer.captureAWSv3Client(client) : client;
}
