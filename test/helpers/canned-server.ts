import { createServer, type Server } from "node:http";
import { freePort } from "../../local/free-port.js";

/** A server on loopback that gives every request the same answer: a portal that misbehaves on purpose. */
export async function cannedServer(
  status: number,
  contentType: string,
  body: string,
): Promise<{ url: string; stop(): void }> {
  const port = await freePort();
  const server: Server = createServer((_req, res) => {
    res.writeHead(status, { "content-type": contentType }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}
