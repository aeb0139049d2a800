import { errors } from "../kernel/errors.js";
import { exchangeCode } from "../portal/oauth2-client.js";
import { portalConfig } from "../portal/portal-config.js";
import { defineFunction } from "../runtime/define.js";
import { lambdaHandler } from "../runtime/handler.js";
import { claimCode } from "../stores/oauth-codes.js";
import { clearPortalTokens, setPortalTokens } from "../stores/sessions.js";

/**
 * Exchanges an OAuth2 code from the cPanel Customer Portal for a token and stores the access
 * token, refresh token and expiry on the caller's current session. Answers metadata only.
 * A code is claimed before the exchange, so a replayed code never reaches the portal.
 */
export const definition = defineFunction({
  name: "ticket_validate_oauth2_code",
  perlModule: "Whostmgr::API::1::TicketSupport",
  summary: "Validate a support-portal OAuth2 code and keep its token on the session",
  acl: "all",
  params: {
    code: {
      description: "The code received from the OAuth2 redirect.",
      required: true,
      missingError: errors.oauth2ArgumentsMissing,
      maxLength: 4096,
    },
    redirect_uri: {
      description: "The redirect_uri that was passed to the portal's authorization endpoint.",
      required: true,
      missingError: errors.oauth2ArgumentsMissing,
      maxLength: 2048,
    },
  },
  async run({ principal, tenant }, args) {
    // Codes are bound to the redirect URI they were issued for, so requiring the caller's own
    // server in it keeps one tenant from redeeming a code from another tenant's flow.
    if (!isOwnRedirectUri(args.redirect_uri, (await tenant.record()).hostname))
      throw errors.foreignRedirectUri(args.redirect_uri);
    if (!(await claimCode(args.code, principal.tenant))) throw errors.oauth2CodeUsed();
    const result = await exchangeCode(await portalConfig(), args.code, args.redirect_uri);
    switch (result.kind) {
      case "ok":
        await setPortalTokens(principal.sessionKey, principal, {
          accessToken: result.accessToken,
          refreshToken: result.refreshToken,
          expiresIn: result.expiresIn,
        });
        return undefined;
      case "unreachable":
        throw errors.portalUnreachable();
      case "status":
        await clearPortalTokens(principal.sessionKey, principal.tenant);
        throw errors.portalStatus(result.status);
      case "malformed":
        throw errors.portalMalformed();
    }
  },
});

/** An HTTPS URI on the tenant's own host name. */
function isOwnRedirectUri(uri: string, hostname: string): boolean {
  try {
    const url = new URL(uri);
    return url.protocol === "https:" && url.hostname.toLowerCase() === hostname.toLowerCase();
  } catch {
    return false;
  }
}

export const handler = lambdaHandler(definition);
