import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { AwsCall } from "./cold-start.js";

/**
 * A function's reference: a handler that makes the same AWS calls in the same order as the
 * function, with the same inputs (the bodies its bundle sent, recorded by bench/cold-start.ts):
 * its first request's calls on its first call, its steady calls after, so that it reads back the
 * same items. It does nothing else, with only the SDK clients those calls need, bundled with the
 * functions' esbuild settings: what a function costs beyond it is its own code.
 */

/** The calls of a function's first request and of a steady call. */
export interface CallSequence {
  readonly first: readonly AwsCall[];
  readonly steady: readonly AwsCall[];
}

const SERVICES = {
  DynamoDB: { module: "@aws-sdk/client-dynamodb", client: "DynamoDBClient", endpoint: "DYNAMODB_ENDPOINT" },
  SecretsManager: {
    module: "@aws-sdk/client-secrets-manager",
    client: "SecretsManagerClient",
    endpoint: "SECRETS_MANAGER_ENDPOINT",
  },
  KMS: { module: "@aws-sdk/client-kms", client: "KMSClient", endpoint: "KMS_ENDPOINT" },
} as const;

const partsOf = (call: AwsCall) => {
  const [service = "", command = ""] = call.call.split(" ");
  if (!(service in SERVICES) || !/^[A-Za-z]+$/.test(command))
    throw new Error(`no reference for ${call.call}`);
  return { service: service as keyof typeof SERVICES, command };
};

/** A readable name of a sequence: its steady calls, and how many the first request made. */
export function sequenceName({ first, steady }: CallSequence): string {
  const steadyNames = steady.map((c) => partsOf(c).command).join(" + ") || "none";
  return first.length === steady.length
    ? steadyNames
    : `${steadyNames} (first request: ${first.length} calls)`;
}

/** The reference's TypeScript source for a function's calls. */
export function referenceSource({ first, steady }: CallSequence): string {
  const used = [...first, ...steady].map(partsOf);
  const lines = [
    `import { awsClientConfig } from ${JSON.stringify(join(import.meta.dirname, "..", "lambdas", "stores", "aws-client-config.js"))};`,
  ];
  const senders: string[] = [];
  for (const [service, spec] of Object.entries(SERVICES)) {
    const commands = [...new Set(used.filter((u) => u.service === service).map((u) => u.command))];
    if (!commands.length) continue;
    lines.push(
      `import { ${spec.client}, ${commands.map((c) => `${c}Command`).join(", ")} } from "${spec.module}";`,
      `const ${service} = new ${spec.client}(awsClientConfig(process.env.${spec.endpoint}));`,
    );
    for (const command of commands)
      senders.push(
        `  "${service} ${command}": (input: any) => ${service}.send(new ${command}Command(input)),`,
      );
  }
  const calls = (sequence: readonly AwsCall[]) =>
    JSON.stringify(sequence.map((c) => [c.call, c.body ? JSON.parse(c.body) : {}]));
  return `${lines.join("\n")}
// biome-ignore lint/suspicious/noExplicitAny: each command's input, as the function sent it
const SEND: Record<string, (input: any) => Promise<unknown>> = {
${senders.join("\n")}
};
const FIRST: Array<[string, object]> = ${calls(first)};
const STEADY: Array<[string, object]> = ${calls(steady)};
let served = 0;
export const handler = async () => {
  // A call refused (a condition that no longer holds) is still the call made.
  for (const [call, input] of served++ === 0 ? FIRST : STEADY)
    await (SEND[call] as (input: object) => Promise<unknown>)(input).catch(() => undefined);
  return { statusCode: 200, body: '{"metadata":{"result":1}}' };
};
`;
}

/** Writes each function's reference source; returns its entry file by function name. */
export async function writeReferences(
  dir: string,
  sequences: ReadonlyMap<string, CallSequence>,
): Promise<Map<string, string>> {
  await mkdir(dir, { recursive: true });
  const entries = new Map<string, string>();
  for (const [name, sequence] of sequences) {
    const entry = join(dir, `${name}.ts`);
    await writeFile(entry, referenceSource(sequence));
    entries.set(name, entry);
  }
  return entries;
}
