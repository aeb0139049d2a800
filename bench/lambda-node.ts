import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { OUT } from "./bundles.js";

/** The Node.js major of the stack's Lambda runtime (lib/whm-function.ts, `NODEJS_24_X`). */
export const LAMBDA_NODE_MAJOR = 24;

/**
 * A Node.js binary of the Lambda runtime's major for the cold-start and CPU measurements: BENCH_NODE
 * when set, else the official binary from the npm registry's `node-linux-<arch>` package, unpacked
 * once into bench/out (the registry is the one place this machine can get it from). Falls back to
 * the running Node.js where there is no such package.
 */
export function lambdaNode(): { path: string; version: string } {
  const path = process.env.BENCH_NODE ?? fetchNode();
  return { path, version: execFileSync(path, ["--version"], { encoding: "utf8" }).trim() };
}

function fetchNode(): string {
  if (process.platform !== "linux") return process.execPath;
  const dir = join(OUT, `node-${LAMBDA_NODE_MAJOR}`);
  const binary = join(dir, "package", "bin", "node");
  if (existsSync(binary)) return binary;
  mkdirSync(dir, { recursive: true });
  try {
    const tarball = execFileSync(
      "npm",
      ["pack", `node-linux-${process.arch}@${LAMBDA_NODE_MAJOR}`, "--silent", "--pack-destination", dir],
      { encoding: "utf8" },
    ).trim();
    execFileSync("tar", ["xzf", join(dir, tarball), "-C", dir]);
    return binary;
  } catch {
    return process.execPath;
  }
}
