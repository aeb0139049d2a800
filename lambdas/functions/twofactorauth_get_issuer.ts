import { defineFunction } from "../runtime/define.js";
import { lambdaHandler } from "../runtime/handler.js";
import { schema } from "../runtime/schema.js";
import { issuerReads, issuersFor } from "../two-factor/issuer.js";

/** The issuer the caller's authenticator apps show (its own, its owner's, the tenant's), and the tenant's. */
export const definition = defineFunction({
  name: "twofactorauth_get_issuer",
  perlModule: "Whostmgr::API::1::TwoFactorAuth",
  summary: "Return two-factor authentication issuer",
  acl: "basic-whm-functions",
  params: {},
  returns: schema.object({
    issuer: schema.string("The caller's issuer."),
    system_wide_issuer: schema.string("The tenant's issuer (root's), else its host name."),
  }),
  reads: ({ tenant, user }) => issuerReads(tenant, user),
  async run({ principal, tenant }) {
    const { issuer, systemWide } = await issuersFor(tenant, principal.user);
    return { issuer, system_wide_issuer: systemWide };
  },
});

export const handler = lambdaHandler(definition);
