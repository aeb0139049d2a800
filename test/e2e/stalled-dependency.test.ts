import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createServer, type Server, type Socket } from "node:net";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { LOCAL_AWS_ENV } from "../../local/dynamodb-local.js";
import { httpEvent } from "../../local/events.js";
import { freePort } from "../../local/free-port.js";

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, "..", "..");

describe("a dependency that accepts connections and never answers", () => {
  let blackHole: Server;
  let endpoint: string;
  const sockets = new Set<Socket>();
  before(async () => {
    const port = await freePort();
    blackHole = createServer((socket) => {
      sockets.add(socket);
      socket.on("error", () => undefined);
    });
    await new Promise<void>((resolve) => blackHole.listen(port, "127.0.0.1", resolve));
    endpoint = `http://127.0.0.1:${port}`;
  });
  after(() => {
    for (const socket of sockets) socket.destroy();
    blackHole.close();
  });

  it("gets WHM's busy error within the function's timeout (6 s), in a fresh process", async () => {
    const event = httpEvent("/json-api/api_token_list", "api.version=1", {
      headers: { authorization: `whm root:${"A".repeat(32)}` },
    });
    const { stdout } = await run(
      process.execPath,
      [
        "--import",
        "tsx",
        join(ROOT, "test/helpers/invoke-handler.ts"),
        join(ROOT, "lambdas/functions/api_token_list.ts"),
      ],
      {
        cwd: ROOT,
        timeout: 30_000,
        env: {
          PATH: process.env.PATH,
          ...LOCAL_AWS_ENV,
          TABLE_NAME: "whm-serverless-local",
          DYNAMODB_ENDPOINT: endpoint,
          POWERTOOLS_LOG_LEVEL: "SILENT",
          INVOKE_EVENT: JSON.stringify(event),
        },
      },
    );
    const { ms, response } = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}");
    assert.equal(response.statusCode, 200);
    assert.equal(
      JSON.parse(response.body).metadata.reason,
      "The system is busy. Wait a moment, then try again.",
    );
    assert.ok(ms < 6000, `answered after ${Math.round(ms)} ms, over the 6 s Lambda timeout`);
  });
});
