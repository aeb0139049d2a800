/**
 * How every Lambda is bundled (esbuild): one definition shared by the CDK stack and the benchmark,
 * so the benchmark measures exactly what deploys.
 */
export const BUNDLING = {
  minify: true,
  format: "esm",
  target: "node22",
  mainFields: ["module", "main"],
  /** ESM bundles need `require` for the CommonJS code some dependencies still contain. */
  banner: "import{createRequire as __cr}from'module';const require=__cr(import.meta.url);",
  /**
   * Nothing is left to the runtime: bundling the AWS SDK v3 costs ~100 KB (gzip) per function but
   * starts faster than loading the runtime's copy file by file (docs/BENCHMARKS.md measures both).
   */
  external: [] as string[],
} as const;
