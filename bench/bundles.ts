import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { CATALOG } from "../lambdas/catalog.js";
import { BUNDLING, esbuildOptions } from "../lib/bundling.js";

export const OUT = join(import.meta.dirname, "out");

/** The references functions are measured against (bench/reference-*.ts). */
export const REFERENCE = {
  dynamo: "(reference: GetItem)",
  secrets: "(reference: GetItem + GetSecretValue)",
} as const;

export interface BundleSize {
  readonly name: string;
  /** The bundle as deployed (AWS SDK bundled in), and with the SDK left to the Lambda runtime, in bytes. */
  readonly deployed: { bytes: number; gzip: number; path: string };
  readonly sdkFromRuntime: { bytes: number; gzip: number; path: string };
}

async function bundle(
  entry: string,
  outfile: string,
  external: readonly string[],
): Promise<{ bytes: number; gzip: number; path: string }> {
  await mkdir(join(outfile, ".."), { recursive: true });
  await build(esbuildOptions(entry, outfile, external));
  const code = await readFile(outfile);
  return { bytes: code.length, gzip: gzipSync(code).length, path: outfile };
}

/** Bundles every catalog function (and the empty baseline) exactly as the CDK stack does, both ways. */
export async function bundleAll(): Promise<BundleSize[]> {
  const entries = [
    ...CATALOG.map(({ definition, entry }) => ({
      name: definition.name,
      entry: join(import.meta.dirname, "..", "lambdas", entry),
    })),
    { name: "(empty handler)", entry: join(import.meta.dirname, "empty-handler.ts") },
    { name: REFERENCE.dynamo, entry: join(import.meta.dirname, "reference-getitem.ts") },
    { name: REFERENCE.secrets, entry: join(import.meta.dirname, "reference-getitem-secret.ts") },
  ];
  return Promise.all(
    entries.map(async ({ name, entry }) => {
      const dir = name.replace(/[^a-zA-Z_]/g, "") || "empty";
      return {
        name,
        deployed: await bundle(entry, join(OUT, "deployed", dir, "index.mjs"), BUNDLING.external),
        sdkFromRuntime: await bundle(entry, join(OUT, "sdk-from-runtime", dir, "index.mjs"), ["@aws-sdk/*"]),
      };
    }),
  );
}
