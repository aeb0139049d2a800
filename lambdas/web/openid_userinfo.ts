import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { jsonAnswer } from "../fleet/json-answer.js";
import { invocation, type LambdaHandler } from "../runtime/handler.js";
import { errorFields, logger } from "../runtime/logger.js";
import { browserRequest, tenantOfHost } from "../sign-in/browser.js";
import { getAccessToken } from "../stores/fleet-grants.js";
import { sha256 } from "../stores/hash.js";

/**
 * The userinfo endpoint of the tenant's OpenID Connect provider (`/openid/userinfo`): the signed-in
 * user's claims for an access token from the token endpoint, sent as a Bearer header (RFC 6750
 * §2.1) or, as cPanel's WHMCS module sends it, as the form field `access_token` of a POST (§2.2).
 */
export const handler: LambdaHandler = (event, context) =>
  invocation("openid_userinfo", context, () => serve(event));

const invalidToken = () =>
  jsonAnswer(
    401,
    { error: "invalid_token", error_description: "The access token is invalid or expired." },
    { "www-authenticate": 'Bearer error="invalid_token"' },
  );

async function serve(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  try {
    const request = await browserRequest(event).catch(() => undefined);
    if (!request) return invalidToken();
    const bearer = /^bearer\s+(\S+)\s*$/i.exec(request.authorization ?? "")?.[1];
    const posted =
      event.requestContext.http.method === "POST" && !event.rawQueryString
        ? request.args.get("access_token")
        : undefined;
    if ((bearer && posted) || (posted && posted.length > 1)) return invalidToken();
    const token = bearer ?? posted?.[0];
    if (!token) return jsonAnswer(401, {}, { "www-authenticate": 'Bearer realm="openid"' });
    const [tenant, grant] = await Promise.all([tenantOfHost(request), getAccessToken(sha256(token))]);
    if (!tenant || !grant || grant.tenant !== tenant.id) return invalidToken();
    const scopes = grant.scope.split(" ");
    return jsonAnswer(200, {
      sub: grant.subject,
      preferred_username: grant.user,
      ...(scopes.includes("email") && grant.email ? { email: grant.email } : {}),
    });
  } catch (error) {
    logger.error("userinfo failed", errorFields(error));
    return jsonAnswer(503, { error: "temporarily_unavailable" });
  }
}
