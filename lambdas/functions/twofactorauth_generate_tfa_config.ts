import { defineFunction } from "../runtime/define.js";
import { lambdaHandler } from "../runtime/handler.js";
import { schema } from "../runtime/schema.js";
import { issuerReads, issuersFor } from "../two-factor/issuer.js";
import { generateSecret, otpauthString } from "../two-factor/totp.js";

/**
 * A new secret for the caller and the `otpauth://` URI an authenticator app reads (a QR code of
 * it). Nothing is stored: twofactorauth_set_tfa_config stores the secret once a code proves it.
 */
export const definition = defineFunction({
  name: "twofactorauth_generate_tfa_config",
  perlModule: "Whostmgr::API::1::TwoFactorAuth",
  summary: "Generate two-factor authentication configuration",
  acl: "basic-whm-functions",
  params: {},
  returns: schema.object({
    secret: schema.string("16 base32 characters."),
    otpauth_str: schema.string("otpauth://totp/ISSUER:USER?secret=SECRET&issuer=ISSUER"),
  }),
  reads: ({ tenant, user }) => issuerReads(tenant, user),
  async run({ principal, tenant }) {
    const secret = generateSecret();
    return {
      secret,
      otpauth_str: otpauthString((await issuersFor(tenant, principal.user)).issuer, principal.user, secret),
    };
  },
});

export const handler = lambdaHandler(definition);
