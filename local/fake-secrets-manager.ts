import { type AwsJsonAnswer, startAwsJsonServer } from "./aws-json-server.js";

/**
 * Enough of the Secrets Manager wire protocol (JSON 1.1) for the benchmark and the fault tests: the
 * real SDK client talks to it over HTTP, so middleware and error handling see what a deployed Lambda
 * sees. `failNext` makes the next calls answer an AWS error instead. The service never uses it.
 */
export interface FakeSecretsManager {
  readonly endpoint: string;
  /** The next `count` calls answer HTTP `status` with the AWS error `type`. */
  failNext(count: number, type: string, status?: number): void;
  stop(): Promise<void>;
}

export async function startFakeSecretsManager(): Promise<FakeSecretsManager> {
  const secrets = new Map<string, string>();
  let failure: { count: number; type: string; status: number } | undefined;
  const answer = (status: number, payload: object): AwsJsonAnswer => ({ status, payload });
  const notFound = () =>
    answer(400, {
      __type: "ResourceNotFoundException",
      message: "Secrets Manager can't find the specified secret.",
    });
  const server = await startAwsJsonServer((operation, input) => {
    const id = input.SecretId ?? input.Name ?? "";
    if (failure && failure.count > 0) {
      failure.count--;
      return answer(failure.status, { __type: failure.type, message: "injected fault" });
    }
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
  return {
    ...server,
    failNext: (count, type, status = 400) => {
      failure = { count, type, status };
    },
  };
}
