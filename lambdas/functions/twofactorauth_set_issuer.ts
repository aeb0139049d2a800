import { defineFunction } from "../runtime/define.js";
import { lambdaHandler } from "../runtime/handler.js";
import { setIssuer } from "../stores/two-factor.js";
import { validateIssuer } from "../two-factor/issuer.js";

/**
 * Sets the caller's issuer (root's is the tenant's system-wide issuer; a reseller's covers its
 * accounts); an empty issuer clears it.
 */
export const definition = defineFunction({
  name: "twofactorauth_set_issuer",
  perlModule: "Whostmgr::API::1::TwoFactorAuth",
  summary: "Set two-factor authentication issuer",
  acl: "basic-whm-functions",
  params: {
    issuer: {
      description: "1–32 characters of letters, digits, spaces, `.`, `_` and `-`; empty clears it.",
      example: "Example Hosting",
    },
  },
  async run({ principal, tenant }, args) {
    await setIssuer(tenant.id, principal.user, validateIssuer(args.issuer));
    return undefined;
  },
});

export const handler = lambdaHandler(definition);
