import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
import { getTenant } from "../stores/tenants.js";
import { validateArguments } from "./arguments.js";
import { authenticate, hasAcl } from "./auth.js";
import type { FunctionDefinition, Params } from "./define.js";
import { type Envelope, failure, success } from "./envelope.js";
import { errors, WhmError } from "./errors.js";
import { logger } from "./logger.js";
import { applyOutputOptions } from "./output-options.js";
import { CONTENT_TYPES, render } from "./render.js";
import { type Format, parseEvent, parsePath } from "./request.js";

/** AWS error names that mean "slow down": the caller may retry, nothing was written. */
const THROTTLED = new Set([
  "ThrottlingException",
  "ProvisionedThroughputExceededException",
  "RequestLimitExceeded",
  "TooManyRequestsException",
  "LimitExceededException",
]);

export type LambdaHandler = (
  event: APIGatewayProxyEventV2,
  context?: Pick<Context, "awsRequestId">,
) => Promise<APIGatewayProxyStructuredResultV2>;

function respond(envelope: Envelope, format: Format, statusCode = 200): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: {
      "content-type": CONTENT_TYPES[format],
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
    body: render(envelope, format),
  };
}

/** What cpsrvd answers to missing or wrong credentials: 401 and a WHM envelope without data. */
function unauthorized(command: string, format: Format): APIGatewayProxyStructuredResultV2 {
  const response = respond(failure(command, "Access denied"), format, 401);
  return { ...response, headers: { ...response.headers, "www-authenticate": 'whm realm="WHM API"' } };
}

async function call<P extends Params>(
  definition: FunctionDefinition<P>,
  event: APIGatewayProxyEventV2,
  requestId: string,
): Promise<APIGatewayProxyStructuredResultV2> {
  const { format } = parsePath(event.rawPath) ?? { format: "json" as Format };
  const command = definition.name;
  let outcome = "error";
  const log = logger.createChild({ persistentKeys: { requestId, command } });
  try {
    const request = parseEvent(event);
    const principal = await authenticate(request);
    if (!principal) {
      outcome = "unauthorized";
      return unauthorized(command, format);
    }
    log.appendKeys({ tenant: principal.tenant, user: principal.user });
    const version = request.options.get("api.version");
    if (version !== undefined && version !== "1") throw errors.unsupportedVersion(version);
    if (!hasAcl(principal, definition.acl)) throw errors.accessDenied(definition.acl);
    const tenant = await getTenant(principal.tenant);
    if (!tenant) return unauthorized(command, format);
    const args = validateArguments(definition, request.args);
    const data = await definition.run({ principal, tenant, requestId, log }, args);
    const shaped = applyOutputOptions(data, definition.listKey, request.options);
    outcome = "ok";
    return respond(success(command, shaped.data, shaped.metadata), format);
  } catch (error) {
    if (error instanceof WhmError) {
      outcome = "refused";
      return respond(failure(command, error.reason), format);
    }
    const name = (error as Error)?.name;
    if (THROTTLED.has(name)) {
      outcome = "throttled";
      log.warn("dependency throttled", { errorName: name });
      return respond(failure(command, errors.busy().reason), format);
    }
    // Only the error's name: messages of AWS and parsing errors can quote request data.
    log.error("function failed", { errorName: name });
    return respond(failure(command, errors.internal().reason), format);
  } finally {
    log.info("call", { outcome });
  }
}

/** The Lambda entry point of a WHM function: never throws, never answers 5xx, never shows a stack. */
export function lambdaHandler<P extends Params>(definition: FunctionDefinition<P>): LambdaHandler {
  return (event, context) => call(definition, event, context?.awsRequestId ?? crypto.randomUUID());
}

/** The Lambda behind the API's default route: WHM's unknown-function error for any other path. */
export const unknownFunctionHandler: LambdaHandler = async (event) => {
  const route = parsePath(event.rawPath);
  const name = route?.functionName ?? event.rawPath.split("/").filter(Boolean).at(-1) ?? "";
  return respond(failure(name, errors.unknownFunction(name).reason), route?.format ?? "json");
};
