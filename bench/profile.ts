import { readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { esbuildOptions } from "../lib/bundling.js";
import { type ColdStartSpec, coldStart } from "./cold-start.js";

/** One part of a CPU profile: a source module (or V8's own work) and its CPU per warm call. */
export interface ProfileShare {
  readonly where: string;
  readonly share: number;
  readonly microsPerCall: number;
}

interface CpuProfile {
  nodes: Array<{ callFrame: { url: string; lineNumber: number; functionName: string }; hitCount?: number }>;
  startTime: number;
  endTime: number;
  samples: number[];
}

const PROFILED_CALLS = 100;

/**
 * Where a function's warm CPU goes: its bundle built as deployed but not minified (esbuild then
 * heads every module's code with a `// path` comment), 100 warm calls profiled by V8's sampling
 * profiler, each sample's self time given to the module its line lies in.
 */
export async function warmProfile(
  entry: string,
  spec: Omit<ColdStartSpec, "bundle">,
): Promise<ProfileShare[]> {
  const outdir = join(tmpdir(), `whm-bench-profile-${process.pid}`);
  await rm(outdir, { recursive: true, force: true });
  await build({ ...esbuildOptions(entry, outdir), minify: false });
  const profileFile = join(outdir, "warm.cpuprofile");
  const bundle = join(outdir, "index.mjs");
  await coldStart(
    {
      ...spec,
      bundle,
      env: { ...spec.env, BENCH_WARMUP: "100", BENCH_WARM_CALLS: "100", BENCH_PROFILE: profileFile },
    },
    1,
  );
  const profile = JSON.parse(await readFile(profileFile, "utf8")) as CpuProfile;
  const modulesOf = new Map<string, Array<{ line: number; module: string }>>();
  const moduleAt = async ({
    url,
    lineNumber: line,
    functionName,
  }: CpuProfile["nodes"][number]["callFrame"]) => {
    if (!url.startsWith("file://") || !url.endsWith(".mjs"))
      return url.startsWith("file://") ? "(bench harness)" : url || functionName;
    let marks = modulesOf.get(url);
    if (!marks) {
      const lines = (await readFile(new URL(url), "utf8")).split("\n");
      marks = lines.flatMap((text, i) => {
        const match = /^\/\/ ((?:lambdas|node_modules|bench)\/\S+)$/.exec(text);
        return match?.[1] ? [{ line: i, module: match[1] }] : [];
      });
      modulesOf.set(url, marks);
    }
    const mark = marks.filter((m) => m.line <= line).at(-1)?.module ?? "(bundle)";
    return mark.replace(/^node_modules\/((?:@[^/]+\/)?[^/]+)\/.*$/, "$1");
  };
  const selfTime = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (!hits || node.callFrame.functionName === "(idle)") continue;
    const where = await moduleAt(node.callFrame);
    selfTime.set(where, (selfTime.get(where) ?? 0) + hits);
    total += hits;
  }
  await rm(outdir, { recursive: true, force: true });
  const microsPerSample = (profile.endTime - profile.startTime) / Math.max(1, profile.samples.length);
  return [...selfTime]
    .map(([where, hits]) => ({
      where,
      share: hits / total,
      microsPerCall: (hits * microsPerSample) / PROFILED_CALLS,
    }))
    .sort((a, b) => b.share - a.share);
}

/** Where a function's profile spends more than its reference's, per warm call, most first. */
export function beyondReference(fn: readonly ProfileShare[], reference: readonly ProfileShare[]) {
  const referenceOf = new Map(reference.map((p) => [p.where, p.microsPerCall]));
  return fn
    .map((p) => ({ where: p.where, extraMicros: p.microsPerCall - (referenceOf.get(p.where) ?? 0) }))
    .sort((a, b) => b.extraMicros - a.extraMicros);
}
