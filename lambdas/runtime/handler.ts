import type { Logger } from "@aws-lambda-powertools/logger";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
import { type CallContext, withCallContext } from "../kernel/call-context.js";
import type { Caller, ItemKey, Principal, Tenant } from "../kernel/domain.js";
import { errors, WhmError } from "../kernel/errors.js";
import { tracer } from "../kernel/tracer.js";
import { listPageItems } from "../stores/dynamo.js";
import { type ItemsRead, withItemsRead } from "../stores/read-ahead.js";
import { getTenant } from "../stores/tenants.js";
import { validateArguments } from "./arguments.js";
import { authenticate, hasAcl, type Refusal } from "./auth.js";
import {
  type Args,
  type Data,
  type FunctionDefinition,
  NEXT_PAGE,
  type Params,
  type TenantRef,
} from "./define.js";
import { type Envelope, failure, success } from "./envelope.js";
import { logger } from "./logger.js";
import { notServedReason } from "./not-served.js";
import { applyOutputOptions, pageRequest } from "./output-options.js";
import { CONTENT_TYPES, render, renderApi0, renderCpanelResult } from "./render.js";
import { type Format, parseEvent, parsePath, type WhmRequest } from "./request.js";
import { countSignal } from "./signals.js";
import { takeTenantRequest } from "./tenant-rate-limit.js";

/**
 * AWS error names that mean "slow down" or "not now" (throttled, or no answer within the SDK's
 * timeouts, see stores/aws-client-config.ts): the caller may retry.
 */
const THROTTLED = new Set([
  "ThrottlingException",
  "ProvisionedThroughputExceededException",
  "RequestLimitExceeded",
  "TooManyRequestsException",
  "LimitExceededException",
  "TimeoutError",
  "RequestTimeout",
  "RequestTimeoutException",
]);

export type LambdaHandler = (
  event: APIGatewayProxyEventV2,
  context?: Pick<Context, "awsRequestId">,
) => Promise<APIGatewayProxyStructuredResultV2>;

/** Largest answer body: Lambda refuses responses over 6 MB, and no WHM client needs one that large. */
export const MAX_RESPONSE_BYTES = 5 * 1024 * 1024;

const headersFor = (format: Format) => ({
  "content-type": CONTENT_TYPES[format],
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
});

export function respond(
  envelope: Envelope,
  format: Format,
  statusCode = 200,
): APIGatewayProxyStructuredResultV2 {
  let body = render(envelope, format);
  if (Buffer.byteLength(body) > MAX_RESPONSE_BYTES) {
    body = render(
      failure(envelope.metadata.command, errors.responseTooLarge(MAX_RESPONSE_BYTES).reason),
      format,
    );
  }
  return { statusCode, headers: headersFor(format), body };
}

/**
 * The answer to an error thrown while serving a call: a WhmError's own reason (and data), WHM's
 * busy error for a throttled or timed-out dependency (nothing was written), else the internal
 * error, logged by name only (messages of AWS and parsing errors can quote request data).
 */
export function answerError(
  error: unknown,
  command: string,
  format: Format,
): { response: APIGatewayProxyStructuredResultV2; outcome: string } {
  if (error instanceof WhmError) {
    if (error.signal) countSignal(error.signal, command);
    return { response: respond(failure(command, error.reason, error.data), format), outcome: "refused" };
  }
  const name = (error as Error)?.name;
  if (THROTTLED.has(name)) {
    countSignal("DependencyThrottled", command);
    logger.warn("dependency throttled", { errorName: name });
    return { response: respond(failure(command, errors.busy().reason), format), outcome: "throttled" };
  }
  countSignal("InternalErrors", command);
  logger.error("function failed", { errorName: name });
  return { response: respond(failure(command, errors.internal().reason), format), outcome: "error" };
}

/**
 * What cpsrvd answers to missing or wrong credentials, before it looks at the function: HTTP 403
 * with its own `cpanelresult` body, the same for every path. A source over its failure limit gets
 * the same answer with the lockout's reason.
 */
function refuse(refusal: Refusal, format: Format): APIGatewayProxyStructuredResultV2 {
  const reason = refusal.kind === "locked" ? errors.lockedOut(refusal.seconds).reason : "Access denied";
  return {
    statusCode: 403,
    headers: {
      ...headersFor(format),
      ...(refusal.kind === "locked" ? { "retry-after": String(refusal.seconds) } : {}),
    },
    body: renderCpanelResult(reason, format),
  };
}

/** Authenticates a request and applies the tenant's rate limit; a response when it may not go on. */
export async function admit(
  request: WhmRequest,
  command: string,
  readsFor?: (caller: Caller) => readonly ItemKey[],
): Promise<
  { principal: Principal; itemsRead?: ItemsRead } | { response: APIGatewayProxyStructuredResultV2 }
> {
  const authentication = await authenticate(request, readsFor);
  if ("refusal" in authentication) {
    countSignal("AuthenticationFailures", command);
    return { response: refuse(authentication.refusal, request.format) };
  }
  if (!takeTenantRequest(authentication.principal.tenant)) {
    countSignal("TenantThrottled", command);
    return { response: respond(failure(command, errors.rateLimited().reason), request.format, 429) };
  }
  logger.appendKeys({ tenant: authentication.principal.tenant, user: authentication.principal.user });
  return authentication;
}

/** A tenant whose record is gone (deleted while its credential was in use): refused like a wrong credential. */
class TenantGone extends Error {}

/** The caller's tenant, its record read (or taken from the container's cache) on first use only. */
function tenantRef(id: string): TenantRef {
  let read: Promise<Tenant> | undefined;
  return {
    id,
    record: () => {
      read ??= getTenant(id).then((tenant) => {
        if (!tenant) throw new TenantGone();
        return tenant;
      });
      return read;
    },
  };
}

/** Who makes this call and from where, as the changes it makes are recorded (stores/audit.ts). */
export function callContextOf(
  principal: Principal,
  request: WhmRequest,
  command: string,
  requestId: string,
): CallContext {
  return {
    tenant: principal.tenant,
    actor: { user: principal.user, via: principal.via, tokenName: principal.tokenName },
    sourceIp: request.sourceIp,
    function: command,
    requestId,
  };
}

/** The arguments checked against the declarations, or why they fail (answered after authentication). */
type Validation<P extends Params> = { args: Args<P> } | { error: unknown };

function validate<P extends Params>(definition: FunctionDefinition<P>, request: WhmRequest): Validation<P> {
  try {
    return { args: validateArguments(definition, request.args) };
  } catch (error) {
    return { error };
  }
}

/**
 * The keys the function will read for a caller the container has seen with this token, when
 * that caller may call it and the arguments are valid: read with the token (runtime/auth.ts).
 */
function readsAhead<P extends Params>(definition: FunctionDefinition<P>, validation: Validation<P>) {
  return (caller: Caller): readonly ItemKey[] => {
    if (!definition.reads || !("args" in validation) || !hasAcl(caller, definition.acl)) return [];
    try {
      return definition.reads(caller, validation.args);
    } catch {
      return [];
    }
  };
}

/** The function itself, for an admitted caller: its ACL, the tenant, its arguments, its logic. */
async function runFunction<P extends Params>(
  definition: FunctionDefinition<P>,
  principal: Principal,
  tenant: TenantRef,
  request: WhmRequest,
  validation: Validation<P>,
  context: { requestId: string; log: Logger },
): Promise<Data | undefined> {
  if (!hasAcl(principal, definition.acl)) throw errors.accessDenied(definition.acl);
  if ("error" in validation) throw validation.error;
  const page = pageRequest(request.options, listPageItems());
  return definition.run({ principal, tenant, page, ...context }, validation.args);
}

async function call<P extends Params>(
  definition: FunctionDefinition<P>,
  event: APIGatewayProxyEventV2,
  requestId: string,
): Promise<APIGatewayProxyStructuredResultV2> {
  const route = parsePath(event.rawPath);
  // A route `/{api}/NAME` also matches paths that are not WHM API paths: answered as the default route.
  if (!route) return notFound();
  const { format } = route;
  const command = definition.name;
  let outcome = "error";
  try {
    const request = await parseEvent(event);
    const validation = validate(definition, request);
    const admitted = await admit(request, command, readsAhead(definition, validation));
    if ("response" in admitted) {
      outcome = "refused-entry";
      return admitted.response;
    }
    if (request.invalid) throw request.invalid;
    const { principal, itemsRead } = admitted;
    const version = request.options.get("api.version");
    const api0 = version === undefined && definition.api0 !== undefined;
    if (!api0 && version !== undefined && version !== "1") throw errors.unsupportedVersion(version);
    const tenant = tenantRef(principal.tenant);
    const context = { requestId, log: logger };
    const run = () => runFunction(definition, principal, tenant, request, validation, context);
    const audited = () => withCallContext(callContextOf(principal, request, command, requestId), run);
    const ran = () => (itemsRead ? withItemsRead(itemsRead, audited) : audited());
    if (api0) {
      const answer = await ran().then(
        (data) => definition.api0?.({ data }),
        (error: unknown) => {
          if (error instanceof WhmError) return definition.api0?.({ reason: error.reason });
          throw error;
        },
      );
      outcome = "ok";
      return {
        statusCode: 200,
        headers: headersFor(format),
        body: renderApi0(command, answer ?? {}, format),
      };
    }
    const data = await ran();
    const shaped = applyOutputOptions(data, definition.listKey, request.options);
    const next = data?.[NEXT_PAGE];
    outcome = "ok";
    return respond(
      success(command, shaped.data, {
        ...shaped.metadata,
        ...(next === undefined ? {} : { chunk: { ...(shaped.metadata.chunk as object), next } }),
        ...(definition.okReason ? { reason: definition.okReason } : {}),
      }),
      format,
    );
  } catch (error) {
    if (error instanceof TenantGone) return refuse({ kind: "denied" }, format);
    const answer = answerError(error, command, format);
    outcome = answer.outcome;
    return answer.response;
  } finally {
    // Nothing per successful call at the default level: failures are logged where they happen.
    logger.debug("call", { outcome });
  }
}

/**
 * Runs a handler with the container's one logger set for this invocation (Lambda's context:
 * request id, cold start; the WHM function as a key; the tenant once authenticated) and reset
 * after it, and with a trace subsegment for the handler when tracing is on.
 */
export async function invocation<T>(
  name: string,
  context: Pick<Context, "awsRequestId"> | undefined,
  work: (requestId: string) => Promise<T>,
): Promise<T> {
  const requestId = context?.awsRequestId ?? crypto.randomUUID();
  if (context && "functionName" in context) logger.addContext(context as Context);
  else logger.appendKeys({ requestId });
  logger.appendKeys({ command: name });
  const segment = tracer?.getSegment();
  const subsegment = segment?.addNewSubsegment(`## ${name}`);
  if (tracer && subsegment) {
    tracer.setSegment(subsegment);
    tracer.annotateColdStart();
    tracer.addServiceNameAnnotation();
  }
  try {
    return await work(requestId);
  } finally {
    subsegment?.close();
    if (segment) tracer?.setSegment(segment);
    logger.resetKeys();
  }
}

/** The Lambda entry point of a WHM function: never throws, never answers 5xx, never shows a stack. */
export function lambdaHandler<P extends Params>(definition: FunctionDefinition<P>): LambdaHandler {
  return (event, context) =>
    invocation(definition.name, context, (requestId) => call(definition, event, requestId));
}

/** A path that is not part of the API. */
function notFound(): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: 404,
    headers: { "content-type": "text/plain; charset=utf-8", "x-content-type-options": "nosniff" },
    body: "Not found",
  };
}

/**
 * The Lambda behind the API's default route. Under `/json-api/` and `/xml-api/`: WHM's
 * unknown-function error (or, for a WHM function known not to be served here, why), after
 * authentication as for every function, so an unauthenticated caller
 * learns nothing of the catalog. Any other path is not part of the API: 404.
 */
export const unknownFunctionHandler: LambdaHandler = (event, context) =>
  invocation("unknown_function", context, () => answerUnknown(event));

async function answerUnknown(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const route = parsePath(event.rawPath);
  if (!route) return notFound();
  const name = route.functionName;
  try {
    const request = await parseEvent(event);
    const admitted = await admit(request, name);
    if ("response" in admitted) return admitted.response;
    if (request.invalid) throw request.invalid;
    return respond(failure(name, notServedReason(name) ?? errors.unknownFunction(name).reason), route.format);
  } catch (error) {
    return answerError(error, name, route.format).response;
  }
}
