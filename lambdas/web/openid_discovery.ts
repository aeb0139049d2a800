import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { discoveryDocument, FLEET_PATHS, issuerOf } from "../fleet/issuer.js";
import { jsonAnswer } from "../fleet/json-answer.js";
import { invocation, type LambdaHandler } from "../runtime/handler.js";
import { errorFields, logger } from "../runtime/logger.js";
import { browserRequest, tenantOfHost } from "../sign-in/browser.js";
import { publishedKeys } from "../stores/signing-keys.js";

/**
 * What a server reads before it signs anyone in through the tenant's provider: the discovery
 * document (`/.well-known/openid-configuration`, OpenID Connect Discovery 1.0) and the public
 * keys ID tokens are signed with (`/openid/jwks`), on the tenant's host name.
 */
export const handler: LambdaHandler = (event, context) =>
  invocation("openid_discovery", context, () => serve(event));

/** Servers cache both; a rotated key is published before it signs (docs/OPERATIONS.md). */
const CACHED = { "cache-control": "public, max-age=300" };

async function serve(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  try {
    const request = await browserRequest(event);
    const tenant = await tenantOfHost(request);
    if (!tenant) return jsonAnswer(404, { error: "not_found" });
    if (event.rawPath === FLEET_PATHS.jwks) return jsonAnswer(200, { keys: await publishedKeys() }, CACHED);
    return jsonAnswer(200, discoveryDocument(issuerOf(tenant.hostname)), CACHED);
  } catch (error) {
    logger.error("discovery failed", errorFields(error));
    return jsonAnswer(503, { error: "temporarily_unavailable" });
  }
}
