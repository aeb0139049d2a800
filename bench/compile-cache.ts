import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ColdStart, type ColdStartSpec, coldStart, coldStartAgainst } from "./cold-start.js";

export interface CompileCacheCheck {
  readonly without: ColdStart;
  readonly with: ColdStart;
  /** Bytes of the cache one run wrote (what a bundle would have to ship). */
  readonly cacheBytes: number;
  /** Whether the runs that used the cache left it as they found it (so a read-only copy serves). */
  readonly unchanged: boolean;
}

/** Every file of a directory tree with its size and modification time. */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of readdirSync(dir, { recursive: true, encoding: "utf8" })) {
    const stat = statSync(join(dir, name));
    if (stat.isFile()) files.set(name, `${stat.size}:${stat.mtimeMs}`);
  }
  return files;
}

/**
 * Node.js's on-disk compile cache (NODE_COMPILE_CACHE) as a bundle would ship it: one run fills a
 * cache, then cold starts with it are timed in turns with cold starts without, and the cache is
 * checked for writes (on Lambda the bundle's directory is read-only).
 */
export async function compileCacheCheck(spec: ColdStartSpec, runs: number): Promise<CompileCacheCheck> {
  const dir = mkdtempSync(join(tmpdir(), "whm-compile-cache-"));
  try {
    const cached = { ...spec, env: { ...spec.env, NODE_COMPILE_CACHE: dir } };
    await coldStart(cached, 1);
    const before = snapshot(dir);
    const { fn, reference } = await coldStartAgainst(cached, spec, runs);
    const after = snapshot(dir);
    const cacheBytes = [...before.values()].reduce((sum, entry) => sum + Number(entry.split(":")[0]), 0);
    const unchanged =
      before.size === after.size && [...before].every(([name, entry]) => after.get(name) === entry);
    return { with: fn, without: reference, cacheBytes, unchanged };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
