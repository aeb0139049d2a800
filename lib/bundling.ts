import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BuildOptions, buildSync } from "esbuild";

/**
 * How every Lambda is bundled (esbuild): one definition shared by the CDK stack and the benchmark,
 * so the benchmark measures exactly what deploys.
 */
export const BUNDLING = {
  minify: true,
  format: "esm",
  target: "node24",
  mainFields: ["module", "main"],
  /** ESM bundles need `require` for the CommonJS code some dependencies still contain. */
  banner: "import{createRequire as __cr}from'module';const require=__cr(import.meta.url);",
  /**
   * Nothing is left to the runtime: bundling the AWS SDK v3 costs ~100 KB (gzip) per function but
   * starts faster than loading the runtime's copy file by file (docs/BENCHMARKS.md measures both).
   */
  external: [] as string[],
  /** Lambda credentials come from the environment: the default chain becomes lambdas/runtime/lambda-credentials.ts. */
  alias: {
    "@aws-sdk/credential-provider-node": join(
      import.meta.dirname,
      "..",
      "lambdas",
      "runtime",
      "lambda-credentials.ts",
    ),
  },
} as const;

/** esbuild's options for one entry, as deployed (or with other modules left external, for comparison). */
export function esbuildOptions(
  entry: string,
  outfile: string,
  external: readonly string[] = BUNDLING.external,
) {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: "node",
    format: BUNDLING.format,
    target: BUNDLING.target,
    minify: BUNDLING.minify,
    mainFields: [...BUNDLING.mainFields],
    banner: { js: BUNDLING.banner },
    external: [...external],
    alias: { ...BUNDLING.alias },
    logLevel: "silent",
  } satisfies BuildOptions;
}

export interface Bundle {
  /** A directory holding `index.mjs` (and any copied static files): the function's code asset. */
  readonly dir: string;
  /** The bundled code: the stack reads the function's grants from it (lib/grants.ts). */
  readonly code: string;
}

const bundles = new Map<string, Bundle>();
let root: string | undefined;

/**
 * Bundles a handler once per process, in process (no esbuild child per function), into a temporary
 * directory removed at exit; `copy` adds a folder of static files the handler reads.
 */
export function bundleHandler(entry: string, copy?: { from: string; to: string }): Bundle {
  const key = `${entry}\n${copy?.from ?? ""}`;
  const cached = bundles.get(key);
  if (cached) return cached;
  if (!root) {
    const dir = mkdtempSync(join(tmpdir(), "whm-bundles-"));
    process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
    root = dir;
  }
  const dir = join(root, String(bundles.size));
  buildSync(esbuildOptions(entry, join(dir, "index.mjs")));
  if (copy) cpSync(copy.from, join(dir, copy.to), { recursive: true });
  const bundle = { dir, code: readFileSync(join(dir, "index.mjs"), "utf8") };
  bundles.set(key, bundle);
  return bundle;
}
