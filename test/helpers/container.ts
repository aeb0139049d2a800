/**
 * A warm Lambda container for tests: imports one handler module once, then answers each event
 * given as a JSON line on stdin with a JSON line `{ response }` on stdout, keeping its module
 * state (caches, clients) between calls as a warm container does.
 */
import { createInterface } from "node:readline";

const [modulePath] = process.argv.slice(2);
if (!modulePath) throw new Error("usage: container MODULE");
const { handler } = (await import(modulePath)) as {
  handler: (event: unknown, context: unknown) => Promise<unknown>;
};
let n = 0;
for await (const line of createInterface({ input: process.stdin })) {
  const response = await handler(JSON.parse(line), { awsRequestId: `warm-${++n}` });
  process.stdout.write(`\n${JSON.stringify({ response })}\n`);
}
