/**
 * SDK settings that keep every AWS call inside the Lambda's timeout (6 s for most functions): a
 * connection must open within AWS_CONNECT_TIMEOUT_MS, an answer arrive within
 * AWS_REQUEST_TIMEOUT_MS, and a call is tried at most three times (the SDK's backoff between).
 * A stalled dependency then fails the call with a TimeoutError, answered as WHM's busy error.
 */
export function awsClientConfig(endpoint: string | undefined) {
  return {
    endpoint: endpoint || undefined,
    maxAttempts: 3,
    requestHandler: {
      connectionTimeout: Number(process.env.AWS_CONNECT_TIMEOUT_MS ?? 1000),
      requestTimeout: Number(process.env.AWS_REQUEST_TIMEOUT_MS ?? 1500),
      // Without it the SDK only logs a warning when the time is up and keeps waiting.
      throwOnRequestTimeout: true,
    },
  };
}
