import { readFile, writeFile } from "node:fs/promises";
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

/** The local stack's data directory (WHM_DATA_DIR, default .local). */
export const dataDir = () => resolve(process.env.WHM_DATA_DIR ?? ".local");

export async function readRunningStack(): Promise<RunningStack> {
  const file = join(dataDir(), "stack.json");
  try {
    return JSON.parse(await readFile(file, "utf8")) as RunningStack;
  } catch {
    throw new Error(`No running local stack found (${file}): start it with \`npm start\` first.`);
  }
}

/** The tenant `npm start` creates. */
export const LOCAL_TENANT_ID = "local";

/** The local tenant's root token file (mode 0600), which `npm start`, whmapi1 and the README read. */
export async function writeRootTokenFile(dir: string, token: string): Promise<void> {
  await writeFile(join(dir, "root-token"), `${token}\n`, { mode: 0o600 });
}
