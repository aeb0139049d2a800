import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { logger } from "../../lambdas/runtime/logger.js";
import { type LocalStack, startLocalStack } from "../../local/stack.js";

if (!process.env.POWERTOOLS_LOG_LEVEL) logger.setLogLevel("SILENT");

export interface TestStack extends LocalStack {
  /** Calls a WHM function through real HTTP on the local gateway. */
  call(
    fn: string,
    params?: Record<string, string> | [string, string][],
    options?: {
      format?: "json" | "xml";
      token?: string | null;
      user?: string;
      method?: "GET" | "POST";
      prefix?: string;
      /** `api.version` sent first (1, as WHM API 1 clients send it); null sends none (WHM's API 0). */
      version?: string | null;
    },
  ): Promise<{ status: number; text: string; json: Record<string, any> }>;
}

/** The whole local stack on free loopback ports with in-memory DynamoDB Local, removed by `stop`. */
export async function startTestStack(options: { signIn?: boolean } = {}): Promise<TestStack> {
  const dataDir = await mkdtemp(join(tmpdir(), "whm-test-"));
  const stack = await startLocalStack({ dataDir, persistent: false, signIn: options.signIn });
  return {
    ...stack,
    async stop() {
      await stack.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
    async call(fn, params = {}, options = {}) {
      const format = options.format ?? "json";
      const version = options.version === undefined ? "1" : options.version;
      const pairs = Array.isArray(params) ? params : Object.entries(params);
      const named = pairs.some(([name]) => name === "api.version");
      const query = new URLSearchParams([
        ...(version === null || named ? [] : [["api.version", version]]),
        ...pairs,
      ]).toString();
      const path = `${options.prefix ?? ""}/${format}-api/${fn}`;
      const headers: Record<string, string> = {};
      const token = options.token === undefined ? stack.rootToken : options.token;
      if (token !== null) headers.authorization = `whm ${options.user ?? "root"}:${token}`;
      const response =
        options.method === "POST"
          ? await fetch(`${stack.url}${path}`, {
              method: "POST",
              headers: { ...headers, "content-type": "application/x-www-form-urlencoded" },
              body: query,
            })
          : await fetch(`${stack.url}${path}?${query}`, { headers });
      const text = await response.text();
      let json: Record<string, any> = {};
      if (format === "json") json = JSON.parse(text);
      return { status: response.status, text, json };
    },
  };
}

/** Links the stand-in provider's test user (WHMCS) to root, as a sign-in test starts. */
export async function linkStandInUserToRoot(stack: TestStack): Promise<void> {
  const { json } = await stack.call("link_user_authn_provider", {
    username: "root",
    provider_id: "whmcs",
    subject_unique_identifier: stack.signIn?.testSubject ?? "",
    preferred_username: "portal user",
  });
  if (json.metadata.result !== 1)
    throw new Error(`linking the stand-in user failed: ${json.metadata.reason}`);
}
