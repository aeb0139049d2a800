import { readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Memory (MB) of each catalog function, chosen by `npm run bench` from its measured CPU and waiting
 * per call (docs/BENCHMARKS.md, "Memory size per function") and written to lib/memory-sizes.json.
 */
const SIZES = JSON.parse(readFileSync(join(import.meta.dirname, "memory-sizes.json"), "utf8")) as Record<
  string,
  number
>;

/** The measured size of a function, or `fallback` (the stage's) for one the benchmark has not sized. */
export function memorySizeOf(name: string, fallback: number): number {
  return SIZES[name] ?? fallback;
}
