import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { syncDirectory } from "../accounts/sync.js";
import { type DirectoryExport, ExportError } from "../accounts/whm-export.js";
import { withCallContext } from "../kernel/call-context.js";
import type { Principal } from "../kernel/domain.js";
import { errors } from "../kernel/errors.js";
import { hasAcl } from "../runtime/auth.js";
import { failure, success } from "../runtime/envelope.js";
import {
  admit,
  answerError,
  callContextOf,
  invocation,
  type LambdaHandler,
  respond,
} from "../runtime/handler.js";
import { logger } from "../runtime/logger.js";
import { parseEvent } from "../runtime/request.js";
import { bindServer, boundServer } from "../stores/sync-bindings.js";
import { DIRECTORY_SYNC_ACL } from "../tokens/whm-acls.js";

const COMMAND = "directory_sync";

/**
 * `POST /directory/accounts`: a tenant's server pushes its accounts (see README, "The accounts
 * directory"): a JSON body `{"server", "listaccts", "listresellers", "resellers"}` with whmapi1's
 * outputs. Authenticated like any call; the token needs `directory-sync` (or `all`). Answers a WHM
 * envelope with what changed.
 */
export const handler: LambdaHandler = (event, context) =>
  invocation("directory_sync", context, (requestId) => serve(event, requestId));

async function serve(
  event: APIGatewayProxyEventV2,
  requestId: string,
): Promise<APIGatewayProxyStructuredResultV2> {
  try {
    // The body is the export, not form arguments: authentication reads headers only.
    const request = await parseEvent({ ...event, body: undefined });
    const admitted = await admit(request, COMMAND);
    if ("response" in admitted) return admitted.response;
    const { principal } = admitted;
    return await withCallContext(callContextOf(principal, request, COMMAND, requestId), () =>
      push(event, principal),
    );
  } catch (error) {
    if (error instanceof ExportError) return respond(failure(COMMAND, error.message), "json");
    return answerError(error, COMMAND, "json").response;
  }
}

async function push(
  event: APIGatewayProxyEventV2,
  principal: Principal,
): Promise<APIGatewayProxyStructuredResultV2> {
  if (!hasAcl(principal, DIRECTORY_SYNC_ACL)) throw errors.accessDenied(DIRECTORY_SYNC_ACL);
  // Only an API token is bound to a server; a browser session pushes nothing.
  if (principal.via !== "token") throw errors.accessDenied(DIRECTORY_SYNC_ACL);
  const text = event.isBase64Encoded
    ? Buffer.from(event.body ?? "", "base64").toString("utf8")
    : (event.body ?? "");
  let exported: unknown;
  try {
    exported = JSON.parse(text);
  } catch {
    throw errors.invalidJson("body");
  }
  if (exported === null || typeof exported !== "object") throw errors.notAHash("body");
  const push = exported as DirectoryExport;
  const bound = await boundServer(principal.tenant, principal.credential);
  if (bound !== undefined && bound !== push.server) throw errors.syncServerBound(bound);
  const report = await syncDirectory(principal.tenant, push, principal);
  if (!(await bindServer(principal.tenant, principal.credential, String(push.server))))
    throw errors.syncServerBound(await boundServer(principal.tenant, principal.credential));
  logger.info("directory synced", {
    tenant: principal.tenant,
    added: report.added,
    removed: report.removed.length,
  });
  return respond(success(COMMAND, { ...report }), "json");
}
