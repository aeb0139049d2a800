/**
 * Runs one Lambda handler module in this process, as a fresh container would, with the event in
 * INVOKE_EVENT; prints `{ ms, response }` on its last line. For tests that need a process of its own.
 */
const [modulePath] = process.argv.slice(2);
if (!modulePath) throw new Error("usage: invoke-handler MODULE");
const { handler } = (await import(modulePath)) as {
  handler: (event: unknown, context: unknown) => Promise<unknown>;
};
const started = performance.now();
const response = await handler(JSON.parse(process.env.INVOKE_EVENT ?? "{}"), { awsRequestId: "test" });
process.stdout.write(`\n${JSON.stringify({ ms: performance.now() - started, response })}\n`);
