import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";

/** What `npm start` writes to `<data dir>/stack.json` so that other local commands can find it. */
export interface RunningStack {
  readonly url: string;
  readonly dynamoEndpoint: string;
  readonly table: string;
  readonly secretsFile: string;
  readonly portal: {
    readonly authorizationEndpoint: string;
    readonly clientId: string;
    readonly redirectUri: string;
  };
}

export async function readRunningStack(): Promise<RunningStack> {
  const file = join(resolve(process.env.WHM_DATA_DIR ?? ".local"), "stack.json");
  try {
    return JSON.parse(await readFile(file, "utf8")) as RunningStack;
  } catch {
    throw new Error(`No running local stack found (${file}): start it with \`npm start\` first.`);
  }
}
