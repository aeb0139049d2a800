import { spawn } from "node:child_process";
import { performance } from "node:perf_hooks";

/** A fresh Node.js process loads a bundle and serves one request: the cold-start proxy. */
const CHILD = `
const t0 = performance.now();
const { handler } = await import(process.env.BENCH_BUNDLE);
const t1 = performance.now();
const result = await handler(JSON.parse(process.env.BENCH_EVENT), { awsRequestId: "cold-start" });
const t2 = performance.now();
const warmCalls = Number(process.env.BENCH_WARM_CALLS ?? 0);
const cpu0 = process.cpuUsage();
for (let i = 0; i < warmCalls; i++) await handler(JSON.parse(process.env.BENCH_EVENT), { awsRequestId: "warm-" + i });
const cpu = process.cpuUsage(cpu0);
process.stdout.write("\\n" + JSON.stringify({
  importMs: t1 - t0,
  firstRequestMs: t2 - t1,
  warmCpuMs: warmCalls ? (cpu.user + cpu.system) / 1000 / warmCalls : 0,
  rssMb: process.memoryUsage().rss / 2 ** 20,
  status: result.statusCode,
  body: result.body,
}));
`;

export interface ColdStart {
  readonly totalMs: number;
  readonly importMs: number;
  readonly firstRequestMs: number;
  /** Handler CPU per call once warm (user + system), over BENCH_WARM_CALLS calls after the first. */
  readonly warmCpuMs: number;
  /** Resident memory after those calls. */
  readonly rssMb: number;
  readonly result: number | undefined;
}

function once(bundle: string, event: object, env: NodeJS.ProcessEnv): Promise<ColdStart> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ["--no-warnings", "--input-type=module", "-e", CHILD], {
      env: { ...env, BENCH_BUNDLE: bundle, BENCH_EVENT: JSON.stringify(event) },
      stdio: ["ignore", "pipe", "ignore"],
    });
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
    });
    child.on("error", reject);
    child.on("exit", () => {
      const totalMs = performance.now() - started;
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

/** The median of `runs` cold starts. */
export async function coldStart(
  bundle: string,
  event: object,
  env: NodeJS.ProcessEnv,
  runs: number,
): Promise<ColdStart> {
  const samples: ColdStart[] = [];
  for (let i = 0; i < runs; i++) samples.push(await once(bundle, event, env));
  return {
    totalMs: median(samples.map((s) => s.totalMs)),
    importMs: median(samples.map((s) => s.importMs)),
    firstRequestMs: median(samples.map((s) => s.firstRequestMs)),
    warmCpuMs: median(samples.map((s) => s.warmCpuMs)),
    rssMb: median(samples.map((s) => s.rssMb)),
    result: samples[0]?.result,
  };
}
