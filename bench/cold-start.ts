import { spawn } from "node:child_process";
import { performance } from "node:perf_hooks";

/** What the child prints the moment its first answer is ready: the end of the cold start. */
const ANSWERED = "cold-start-answered";

/** A fresh Node.js process loads a bundle and serves one request: the cold-start proxy. */
const CHILD = `
const t0 = performance.now();
const { handler } = await import(process.env.BENCH_BUNDLE);
const t1 = performance.now();
const result = await handler(JSON.parse(process.env.BENCH_EVENT), { awsRequestId: "cold-start" });
const t2 = performance.now();
process.stdout.write("\\n${ANSWERED}\\n");
const warmCalls = Number(process.env.BENCH_WARM_CALLS ?? 0);
// Warm means warm: the first calls after the cold one still compile (on V8's threads, which the
// process's CPU time includes), so they run unmeasured.
for (let i = 0; i < Math.min(warmCalls, 20); i++) await handler(JSON.parse(process.env.BENCH_EVENT), { awsRequestId: "warmup-" + i });
const cpu0 = process.cpuUsage();
const w0 = performance.now();
for (let i = 0; i < warmCalls; i++) await handler(JSON.parse(process.env.BENCH_EVENT), { awsRequestId: "warm-" + i });
const cpu = process.cpuUsage(cpu0);
const wall = performance.now() - w0;
process.stdout.write("\\n" + JSON.stringify({
  importMs: t1 - t0,
  firstRequestMs: t2 - t1,
  warmCpuMs: warmCalls ? (cpu.user + cpu.system) / 1000 / warmCalls : 0,
  warmWallMs: warmCalls ? wall / warmCalls : 0,
  rssMb: process.memoryUsage().rss / 2 ** 20,
  status: result.statusCode,
  body: result.body,
}));
`;

export interface ColdStart {
  /** Process start to the first answer. */
  readonly totalMs: number;
  readonly importMs: number;
  readonly firstRequestMs: number;
  /** Handler CPU per call once warm (user + system), over BENCH_WARM_CALLS calls after a warm-up. */
  readonly warmCpuMs: number;
  /** Wall time per call over the same calls: CPU plus waiting for AWS. */
  readonly warmWallMs: number;
  /** Resident memory after those calls. */
  readonly rssMb: number;
  readonly result: number | undefined;
}

function once(node: string, bundle: string, event: object, env: NodeJS.ProcessEnv): Promise<ColdStart> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(node, ["--no-warnings", "--input-type=module", "-e", CHILD], {
      env: { ...env, BENCH_BUNDLE: bundle, BENCH_EVENT: JSON.stringify(event) },
      stdio: ["ignore", "pipe", "ignore"],
    });
    let out = "";
    let answeredMs: number | undefined;
    child.stdout.on("data", (chunk) => {
      out += chunk;
      if (answeredMs === undefined && out.includes(ANSWERED)) answeredMs = performance.now() - started;
    });
    child.on("error", reject);
    child.on("exit", () => {
      const totalMs = answeredMs ?? Number.NaN;
      try {
        // The report is the last line: the handler's own lines (metrics, logs) come before it.
        const report = JSON.parse(out.trim().split("\n").at(-1) ?? "") as Omit<
          ColdStart,
          "totalMs" | "result"
        > & { body: string };
        const result = report.body ? JSON.parse(report.body).metadata?.result : undefined;
        resolve({
          totalMs,
          importMs: report.importMs,
          firstRequestMs: report.firstRequestMs,
          warmCpuMs: report.warmCpuMs,
          warmWallMs: report.warmWallMs,
          rssMb: report.rssMb,
          result,
        });
      } catch {
        reject(new Error(`cold start of ${bundle} printed no report: ${out.slice(0, 200)}`));
      }
    });
  });
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

/** What one cold start runs: which Node.js binary, which bundle, with which event and environment. */
export interface ColdStartSpec {
  readonly node: string;
  readonly bundle: string;
  readonly event: object;
  readonly env: NodeJS.ProcessEnv;
}

/** The median of `runs` cold starts. */
export async function coldStart(spec: ColdStartSpec, runs: number): Promise<ColdStart> {
  const samples: ColdStart[] = [];
  for (let i = 0; i < runs; i++) samples.push(await once(spec.node, spec.bundle, spec.event, spec.env));
  return summary(samples);
}

/**
 * Each of `specs` and `reference` started `runs` times in turns (function, reference, function, ...),
 * so that a function and its reference meet the machine in the same state: the ratio between them
 * is what the benchmark reports, and a load that comes and goes moves both.
 */
export async function coldStartAgainst(
  spec: ColdStartSpec,
  reference: ColdStartSpec,
  runs: number,
): Promise<{ fn: ColdStart; reference: ColdStart }> {
  const fn: ColdStart[] = [];
  const ref: ColdStart[] = [];
  for (let i = 0; i < runs; i++) {
    fn.push(await once(spec.node, spec.bundle, spec.event, spec.env));
    ref.push(await once(reference.node, reference.bundle, reference.event, reference.env));
  }
  return { fn: summary(fn), reference: summary(ref) };
}

/** The median of each measure over several cold starts. */
export function summary(samples: readonly ColdStart[]): ColdStart {
  return {
    totalMs: median(samples.map((s) => s.totalMs)),
    importMs: median(samples.map((s) => s.importMs)),
    firstRequestMs: median(samples.map((s) => s.firstRequestMs)),
    warmCpuMs: median(samples.map((s) => s.warmCpuMs)),
    warmWallMs: median(samples.map((s) => s.warmWallMs)),
    rssMb: median(samples.map((s) => s.rssMb)),
    result: samples[0]?.result,
  };
}
