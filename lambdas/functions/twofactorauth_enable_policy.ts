import { defineFunction } from "../runtime/define.js";
import { lambdaHandler } from "../runtime/handler.js";
import { setPolicy } from "../stores/two-factor.js";

/** Turns the tenant's two-factor security policy on: interactive sign-ins of users who configured two-factor authentication ask for a code. */
export const definition = defineFunction({
  name: "twofactorauth_enable_policy",
  perlModule: "Whostmgr::API::1::TwoFactorAuth",
  summary: "Enable two-factor authentication security policy",
  acl: "all",
  params: {},
  async run({ tenant }) {
    await setPolicy(tenant.id, true);
    return undefined;
  },
});

export const handler = lambdaHandler(definition);
