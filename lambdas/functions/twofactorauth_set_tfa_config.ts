import { errors } from "../kernel/errors.js";
import { defineFunction } from "../runtime/define.js";
import { lambdaHandler } from "../runtime/handler.js";
import { schema } from "../runtime/schema.js";
import { keys } from "../stores/dynamo.js";
import { configureTwoFactor, getTwoFactorUser } from "../stores/two-factor.js";
import { checkCode, checkCodeReads } from "../two-factor/codes.js";
import { isValidSecret } from "../two-factor/totp.js";

/**
 * Configures two-factor authentication for the caller: the secret (from
 * twofactorauth_generate_tfa_config) is stored once a current code for it is given. A code is
 * used once (the same secret and code cannot configure again), and wrong codes are limited per user.
 */
export const definition = defineFunction({
  name: "twofactorauth_set_tfa_config",
  perlModule: "Whostmgr::API::1::TwoFactorAuth",
  summary: "Configure two-factor authentication for the user",
  acl: "basic-whm-functions",
  params: {
    secret: { description: "The base32 secret from twofactorauth_generate_tfa_config.", maxLength: 128 },
    tfa_token: { description: "The authenticator app's current six-digit code.", maxLength: 16 },
  },
  returns: schema.object({ success: schema.flag() }),
  reads: ({ tenant, user }) => [...checkCodeReads(tenant, user), keys.twoFactorUser(tenant, user)],
  async run({ principal, tenant }, args) {
    if (!isValidSecret(args.secret)) throw errors.tfaSecretInvalid();
    const step = await checkCode(tenant.id, principal.user, args.secret, args.tfa_token ?? "");
    const secret = args.secret.toUpperCase();
    const current = await getTwoFactorUser(tenant.id, principal.user);
    if (current?.secret === secret && step <= current.lastStep) throw errors.tfaCodeInvalid();
    await configureTwoFactor(tenant.id, principal.user, secret, step);
    return { success: 1 };
  },
});

export const handler = lambdaHandler(definition);
