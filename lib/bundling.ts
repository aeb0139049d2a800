import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
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
  /**
   * Code reached only through `import()` (the X-Ray SDK behind the tracing switch, SDK parts a
   * DynamoDB client never loads) goes to chunk files beside index.mjs: the entry V8 must parse at
   * every cold start shrinks by a third (docs/BENCHMARKS.md).
   */
  splitting: true,
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

/**
 * esbuild's options for one entry, as deployed (or with other modules left external, for
 * comparison): `outdir` receives `index.mjs` and its chunks.
 */
export function esbuildOptions(
  entry: string,
  outdir: string,
  external: readonly string[] = BUNDLING.external,
) {
  return {
    entryPoints: [entry],
    outdir,
    entryNames: "index",
    chunkNames: "[name]-[hash]",
    outExtension: { ".js": ".mjs" },
    splitting: BUNDLING.splitting,
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
  /** The bundled code, entry and chunks: the stack reads the function's grants from it (lib/grants.ts). */
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
  buildSync(esbuildOptions(entry, dir));
  const code = bundledCode(dir);
  if (copy) cpSync(copy.from, join(dir, copy.to), { recursive: true });
  const bundle = { dir, code };
  bundles.set(key, bundle);
  return bundle;
}

/** The code esbuild wrote into a bundle directory: its entry and every chunk. */
export function bundledFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith(".mjs"))
    .sort()
    .map((file) => join(dir, file));
}

/** The code esbuild wrote into a bundle directory, as one text (what lib/grants.ts reads). */
export function bundledCode(dir: string): string {
  return bundledFiles(dir)
    .map((file) => readFileSync(file, "utf8"))
    .join("\n");
}
