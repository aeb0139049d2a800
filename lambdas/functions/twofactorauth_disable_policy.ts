import { defineFunction } from "../runtime/define.js";
import { lambdaHandler } from "../runtime/handler.js";
import { setPolicy } from "../stores/two-factor.js";

/** Turns the tenant's two-factor security policy off (users' configurations are kept). */
export const definition = defineFunction({
  name: "twofactorauth_disable_policy",
  perlModule: "Whostmgr::API::1::TwoFactorAuth",
  summary: "Disable two-factor authentication security policy",
  acl: "all",
  params: {},
  async run({ tenant }) {
    await setPolicy(tenant.id, false);
    return undefined;
  },
});

export const handler = lambdaHandler(definition);
