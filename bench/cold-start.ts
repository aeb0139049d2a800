import { spawn } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

/** What the child prints the moment its first answer is ready: the end of the cold start. */
const ANSWERED = "cold-start-answered";

/** A fresh Node.js process loads a bundle and serves one request: the cold-start proxy. */
const CHILD = `
import http from "node:http";
import https from "node:https";
import { syncBuiltinESMExports } from "node:module";
// The AWS calls each request makes, in order, with their bodies, where asked for (BENCH_RECORD_CALLS:
// the runs that learn them; measured runs leave the SDK's requests as they are): the target header
// the SDK sends (AWS JSON protocols) names the call, the body is its input as sent.
let calls = [];
for (const m of process.env.BENCH_RECORD_CALLS ? [http, https] : []) {
  const request = m.request;
  m.request = function (...args) {
    const target = args.find((a) => a && typeof a === "object" && a.headers)?.headers?.["x-amz-target"];
    const req = request.apply(this, args);
    if (!target) return req;
    const call = { call: String(target).replace("DynamoDB_20120810.", "DynamoDB ").replace("secretsmanager.", "SecretsManager ").replace("TrentService.", "KMS "), body: "" };
    calls.push(call);
    const write = req.write;
    const end = req.end;
    req.write = function (chunk, ...rest) { if (chunk && typeof chunk !== "function") call.body += chunk; return write.call(this, chunk, ...rest); };
    req.end = function (chunk, ...rest) { if (chunk && typeof chunk !== "function") call.body += chunk; return end.call(this, chunk, ...rest); };
    return req;
  };
}
syncBuiltinESMExports();
const t0 = performance.now();
const { handler } = await import(process.env.BENCH_BUNDLE);
const t1 = performance.now();
const result = await handler(JSON.parse(process.env.BENCH_EVENT), { awsRequestId: "cold-start" });
const t2 = performance.now();
const firstCalls = calls;
calls = [];
process.stdout.write("\\n${ANSWERED}\\n");
const warmCalls = Number(process.env.BENCH_WARM_CALLS ?? 0);
// Warm means warm: the first calls after the cold one still compile (on V8's threads, which the
// process's CPU time includes), so they run unmeasured.
const warmup = warmCalls ? Number(process.env.BENCH_WARMUP ?? 20) : 0;
// Each warm call its own arguments (unique names for writes), read before the clock starts.
const events = process.env.BENCH_EVENTS_FILE
  ? JSON.parse((await import("node:fs")).readFileSync(process.env.BENCH_EVENTS_FILE, "utf8"))
  : Array.from({ length: warmup + warmCalls }, () => JSON.parse(process.env.BENCH_EVENT));
for (let i = 0; i < warmup; i++) await handler(events[i], { awsRequestId: "warmup-" + i });
// A CPU profile of the measured calls, where asked for (bench/profile.ts).
const profiler = process.env.BENCH_PROFILE && new (await import("node:inspector/promises")).Session();
if (profiler) {
  profiler.connect();
  await profiler.post("Profiler.enable");
  await profiler.post("Profiler.start");
}
const cpu0 = process.cpuUsage();
const w0 = performance.now();
for (let i = 0; i < warmCalls; i++) {
  calls = [];
  await handler(events[warmup + i], { awsRequestId: "warm-" + i });
}
const cpu = process.cpuUsage(cpu0);
const wall = performance.now() - w0;
const steadyCalls = calls;
if (profiler) {
  const { profile } = await profiler.post("Profiler.stop");
  (await import("node:fs")).writeFileSync(process.env.BENCH_PROFILE, JSON.stringify(profile));
}
process.stdout.write("\\n" + JSON.stringify({
  importMs: t1 - t0,
  firstRequestMs: t2 - t1,
  warmCpuMs: warmCalls ? (cpu.user + cpu.system) / 1000 / warmCalls : 0,
  warmWallMs: warmCalls ? wall / warmCalls : 0,
  rssMb: process.memoryUsage().rss / 2 ** 20,
  firstCalls,
  steadyCalls,
  status: result.statusCode,
  body: result.body,
}));
`;

/** An AWS call as the bundle sent it: service and command, and its JSON body. */
export interface AwsCall {
  readonly call: string;
  readonly body: string;
}

export interface ColdStart {
  /** Process start to the first answer. */
  readonly totalMs: number;
  readonly importMs: number;
  readonly firstRequestMs: number;
  /** Handler CPU per call once warm (user + system), over BENCH_WARM_CALLS calls after BENCH_WARMUP (20). */
  readonly warmCpuMs: number;
  /** Wall time per call over the same calls: CPU plus waiting for AWS. */
  readonly warmWallMs: number;
  /** Resident memory after those calls. */
  readonly rssMb: number;
  readonly result: number | undefined;
  /** The AWS calls of the first request, and of the last warm call, in the order they were sent (BENCH_RECORD_CALLS). */
  readonly firstCalls: readonly AwsCall[];
  readonly steadyCalls: readonly AwsCall[];
}

/** Numbers the warm calls of every process, so that no two calls get the same arguments. */
let warmCallsMade = 0;

/** The warm calls' events in a file the child reads (too large for its environment), if they vary. */
function warmEventsFile(spec: ColdStartSpec): string | undefined {
  const calls = Number(spec.env.BENCH_WARM_CALLS ?? 0);
  if (!spec.warmEvent || !calls) return undefined;
  const count = calls + Number(spec.env.BENCH_WARMUP ?? 20);
  const first = warmCallsMade;
  warmCallsMade += count;
  const file = join(tmpdir(), `whm-bench-events-${process.pid}-${first}.json`);
  writeFileSync(file, JSON.stringify(Array.from({ length: count }, (_, i) => spec.warmEvent?.(first + i))));
  return file;
}

function once(spec: ColdStartSpec): Promise<ColdStart> {
  const { node, bundle, event, env } = spec;
  const eventsFile = warmEventsFile(spec);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(node, ["--no-warnings", "--input-type=module", "-e", CHILD], {
      env: {
        ...env,
        BENCH_BUNDLE: bundle,
        BENCH_EVENT: JSON.stringify(event),
        ...(eventsFile ? { BENCH_EVENTS_FILE: eventsFile } : {}),
      },
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
      if (eventsFile) rmSync(eventsFile, { force: true });
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
          firstCalls: report.firstCalls,
          steadyCalls: report.steadyCalls,
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
  /** The i-th warm call's event, where calls need arguments of their own; else every call repeats `event`. */
  readonly warmEvent?: (i: number) => object;
}

/** The median of `runs` cold starts. */
export async function coldStart(spec: ColdStartSpec, runs: number): Promise<ColdStart> {
  const samples: ColdStart[] = [];
  for (let i = 0; i < runs; i++) samples.push(await once(spec));
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
    fn.push(await once(spec));
    ref.push(await once(reference));
  }
  return { fn: summary(fn), reference: summary(ref) };
}

/** The median of each measure over several cold starts. */
function summary(samples: readonly ColdStart[]): ColdStart {
  return {
    totalMs: median(samples.map((s) => s.totalMs)),
    importMs: median(samples.map((s) => s.importMs)),
    firstRequestMs: median(samples.map((s) => s.firstRequestMs)),
    warmCpuMs: median(samples.map((s) => s.warmCpuMs)),
    warmWallMs: median(samples.map((s) => s.warmWallMs)),
    rssMb: median(samples.map((s) => s.rssMb)),
    result: samples[0]?.result,
    firstCalls: samples[0]?.firstCalls ?? [],
    steadyCalls: samples[0]?.steadyCalls ?? [],
  };
}
