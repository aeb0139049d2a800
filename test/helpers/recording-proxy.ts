import { createServer, request, type Server } from "node:http";
import { freePort } from "../../local/free-port.js";

/** One AWS call as it crossed the proxy: who made it (the access key names the function) and what. */
export interface RecordedCall {
  readonly caller: string;
  readonly target: string;
  readonly body: Record<string, unknown>;
}

/**
 * An HTTP proxy in front of a local AWS endpoint (DynamoDB Local, the Secrets Manager stand-in)
 * that records the `X-Amz-Target` of every call with the access key it was signed with, then
 * passes the call on unchanged.
 */
export async function startRecordingProxy(upstream: string): Promise<{
  endpoint: string;
  calls: RecordedCall[];
  stop(): Promise<void>;
}> {
  const calls: RecordedCall[] = [];
  const target = new URL(upstream);
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const credential = /Credential=([^/]+)\//.exec(String(req.headers.authorization ?? ""));
    let parsed: Record<string, unknown> = {};
    try {
      parsed = JSON.parse(body.toString("utf8") || "{}") as Record<string, unknown>;
    } catch {
      parsed = {};
    }
    calls.push({
      caller: credential?.[1] ?? "?",
      target: String(req.headers["x-amz-target"] ?? ""),
      body: parsed,
    });
    const forward = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on("error", () => res.writeHead(502).end());
    forward.end(body);
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
