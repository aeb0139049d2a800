import { createServer, type Server } from "node:http";
import { freePort } from "../local/free-port.js";

/**
 * Enough of the Secrets Manager wire protocol (JSON 1.1) for the benchmark: the real SDK client
 * talks to it over HTTP, so the call-counting middleware sees every call a deployed Lambda makes.
 * Nothing in the service uses it; tests use aws-sdk-client-mock instead.
 */
export async function startFakeSecretsManager(): Promise<{ endpoint: string; stop(): Promise<void> }> {
  const secrets = new Map<string, string>();
  const port = await freePort();
  const server: Server = createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    const input = JSON.parse(body || "{}") as Record<string, string>;
    const operation = String(req.headers["x-amz-target"] ?? "").split(".")[1];
    const id = input.SecretId ?? input.Name ?? "";
    const answer = (status: number, payload: object) =>
      res.writeHead(status, { "content-type": "application/x-amz-json-1.1" }).end(JSON.stringify(payload));
    const notFound = () =>
      answer(400, {
        __type: "ResourceNotFoundException",
        message: "Secrets Manager can't find the specified secret.",
      });
    if (operation === "GetSecretValue")
      return secrets.has(id) ? answer(200, { Name: id, SecretString: secrets.get(id) }) : notFound();
    if (operation === "PutSecretValue") {
      if (!secrets.has(id)) return notFound();
      secrets.set(id, input.SecretString ?? "");
      return answer(200, { Name: id });
    }
    if (operation === "CreateSecret") {
      secrets.set(id, input.SecretString ?? "");
      return answer(200, { Name: id });
    }
    if (operation === "DeleteSecret") return secrets.delete(id) ? answer(200, { Name: id }) : notFound();
    return answer(400, { __type: "InvalidRequestException", message: `unsupported: ${operation}` });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
