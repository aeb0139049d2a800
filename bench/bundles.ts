import { mkdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { CATALOG } from "../lambdas/catalog.js";
import { BUNDLING, bundledFiles, esbuildOptions } from "../lib/bundling.js";

export const OUT = join(import.meta.dirname, "out");

/** The references functions are measured against (bench/reference-*.ts). */
export const REFERENCE = {
  dynamo: "(reference: GetItem)",
  secrets: "(reference: GetItem + GetSecretValue)",
} as const;

/** A bundle directory: all its code (bytes, gzip of all of it) and the entry a cold start parses. */
export interface BuiltBundle {
  readonly bytes: number;
  readonly gzip: number;
  readonly entryBytes: number;
  /** The directory (entry and chunks) and its entry, index.mjs. */
  readonly dir: string;
  readonly path: string;
}

export interface BundleSize {
  readonly name: string;
  /** The bundle as deployed (AWS SDK bundled in), and with the SDK left to the Lambda runtime, in bytes. */
  readonly deployed: BuiltBundle;
  readonly sdkFromRuntime: BuiltBundle;
}

export async function bundleEntry(
  entry: string,
  outdir: string,
  external: readonly string[],
): Promise<BuiltBundle> {
  await rm(outdir, { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });
  await build(esbuildOptions(entry, outdir, external));
  const paths = bundledFiles(outdir);
  const files = await Promise.all(paths.map((file) => readFile(file)));
  const code = Buffer.concat(files);
  const path = join(outdir, "index.mjs");
  return {
    bytes: code.length,
    gzip: gzipSync(code).length,
    entryBytes: files[paths.indexOf(path)]?.length ?? 0,
    dir: outdir,
    path,
  };
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
        deployed: await bundleEntry(entry, join(OUT, "deployed", dir), BUNDLING.external),
        sdkFromRuntime: await bundleEntry(entry, join(OUT, "sdk-from-runtime", dir), ["@aws-sdk/*"]),
      };
    }),
  );
}
