import { spawn } from "node:child_process";

/** Runs `npm start` (bin/serve.ts) until its banner; the stand-in portal's address and a stop. */
export async function npmStart(env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", "bin/serve.ts"], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "ignore"],
  });
  let out = "";
  child.stdout.setEncoding("utf8");
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk: string) => {
      out += chunk;
      if (out.includes("Ctrl-C stops everything.")) resolve();
    });
    child.once("exit", () => reject(new Error(`npm start ended early:\n${out}`)));
  });
  const issuer = /portal\s+(http:\/\/\S+)/.exec(out)?.[1] ?? "";
  const stop = () =>
    new Promise<void>((resolve) => {
      child.removeAllListeners("exit");
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  return { issuer, banner: out, stop };
}
