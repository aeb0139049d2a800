import { defineFunction } from "../runtime/define.js";
import { lambdaHandler } from "../runtime/handler.js";
import { schema } from "../runtime/schema.js";
import { keys } from "../stores/dynamo.js";
import { isPolicyEnabled } from "../stores/two-factor.js";

/** Whether the tenant's two-factor security policy is on (interactive sign-ins then ask for a code). */
export const definition = defineFunction({
  name: "twofactorauth_policy_status",
  perlModule: "Whostmgr::API::1::TwoFactorAuth",
  summary: "Return two-factor authentication security policy status",
  acl: "basic-whm-functions",
  params: {},
  returns: schema.object({ is_enabled: schema.flag() }),
  reads: ({ tenant }) => [keys.twoFactorPolicy(tenant)],
  async run({ tenant }) {
    return { is_enabled: (await isPolicyEnabled(tenant.id)) ? 1 : 0 };
  },
});

export const handler = lambdaHandler(definition);
