import { performance } from "node:perf_hooks";
import { awsCallCounts, resetAwsCallCounts } from "../lambdas/kernel/aws-calls.js";

export interface Warm {
  readonly p50: number;
  readonly p99: number;
  readonly perSecond: number;
  /** AWS calls per request on the warm path, by "Service Command". */
  readonly awsCalls: Record<string, number>;
  readonly okShare: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/**
 * Warm latency through the local gateway: `warmup` calls first (filling caches as a warm Lambda
 * has them), then `count` calls, `concurrency` at a time, each timed.
 */
export async function warm(
  call: (i: number) => Promise<{ result: number }>,
  options: { warmup: number; count: number; concurrency: number },
): Promise<Warm> {
  for (let i = 0; i < options.warmup; i++) await call(-1 - i);
  resetAwsCallCounts();
  const latencies: number[] = [];
  let ok = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (next < options.count) {
        const i = next++;
        const t0 = performance.now();
        const { result } = await call(i);
        latencies.push(performance.now() - t0);
        if (result === 1) ok++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const awsCalls: Record<string, number> = {};
  for (const [key, n] of awsCallCounts()) awsCalls[key] = n / options.count;
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    perSecond: options.count / elapsed,
    awsCalls,
    okShare: ok / options.count,
  };
}
