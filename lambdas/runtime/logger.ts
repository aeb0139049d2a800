import { Logger } from "@aws-lambda-powertools/logger";

/**
 * Structured JSON logs. Only names, ids and outcomes are logged, never argument values, tokens or
 * secrets: the runtime logs one line per call and nothing else logs request data.
 */
export const logger = new Logger({ serviceName: "whm-serverless" });
