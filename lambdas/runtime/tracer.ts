import { Tracer } from "@aws-lambda-powertools/tracer";

/**
 * X-Ray tracing (Powertools Tracer), on where the stage turns it on (`POWERTOOLS_TRACE_ENABLED`);
 * outside Lambda it does nothing. SDK clients are captured where they are made.
 */
export const tracer = new Tracer();
