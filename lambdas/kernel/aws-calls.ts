import type { MiddlewareStack } from "@smithy/types";

/**
 * Counts the AWS calls a container makes, by service and command, with an SDK middleware: the
 * benchmark reads the counts to report calls per request as measured, not guessed.
 */
const counts = new Map<string, number>();

// biome-ignore lint/suspicious/noExplicitAny: the middleware is the same for every SDK client's input and output types
export function countAwsCalls<C extends { middlewareStack: MiddlewareStack<any, any> }>(
  client: C,
  service: string,
): C {
  client.middlewareStack.add(
    (next, context) => (args) => {
      const key = `${service} ${context.commandName ?? "?"}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      return next(args);
    },
    { step: "initialize", name: "whmCountAwsCalls" },
  );
  return client;
}

export function awsCallCounts(): ReadonlyMap<string, number> {
  return new Map(counts);
}

export function resetAwsCallCounts(): void {
  counts.clear();
}
