import { createServer, type Server } from "node:http";
import { freePort } from "./free-port.js";

/** An AWS JSON 1.1 answer: an HTTP status and its payload (an error is `{ __type, message }`). */
export interface AwsJsonAnswer {
  readonly status: number;
  readonly payload: object;
}

/**
 * A server on 127.0.0.1 speaking AWS's JSON 1.1 protocol, as the local stand-ins for services
 * without an emulator do: each request's `X-Amz-Target` operation and JSON input go to `answer`.
 */
export async function startAwsJsonServer(
  answer: (operation: string, input: Record<string, string>) => AwsJsonAnswer,
): Promise<{ endpoint: string; stop(): Promise<void> }> {
  const port = await freePort();
  const server: Server = createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    const operation = String(req.headers["x-amz-target"] ?? "").split(".")[1] ?? "";
    const { status, payload } = answer(operation, JSON.parse(body || "{}") as Record<string, string>);
    res.writeHead(status, { "content-type": "application/x-amz-json-1.1" }).end(JSON.stringify(payload));
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
