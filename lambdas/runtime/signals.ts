import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";

/**
 * What WHM's HTTP 200 answers hide from Lambda's and API Gateway's own metrics, counted as
 * CloudWatch embedded-metric-format lines (no API call): written only when something happened, so
 * a successful call costs nothing here.
 */
export type Signal =
  | "InternalErrors"
  | "AuthenticationFailures"
  | "TenantThrottled"
  | "DependencyThrottled"
  | "PortalFailures"
  | "SignInSuccesses"
  | "SignInFailures";

/** Namespace `whm-serverless/<stage>` (set by the stack; `…/local` elsewhere), dimension `service`. */
const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? "whm-serverless/local",
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? "whm-serverless",
});

/** Counts one occurrence for the function and in the stage's total (two dimension sets, one line). */
export function countSignal(signal: Signal, functionName: string): void {
  metrics.addMetric(signal, MetricUnit.Count, 1);
  metrics.addDimensions({});
  metrics.addDimensions({ function: functionName });
  metrics.publishStoredMetrics();
}
