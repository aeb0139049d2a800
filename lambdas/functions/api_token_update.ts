import { holdsAll } from "../runtime/auth.js";
import { defineFunction } from "../runtime/define.js";
import { errors } from "../runtime/errors.js";
import { lambdaHandler } from "../runtime/handler.js";
import { type Schema, schema } from "../runtime/schema.js";
import { getTokenByName, TokenNameTaken, updateToken } from "../stores/tokens.js";
import {
  aclParam,
  checkExpiry,
  checkTokenName,
  expiresAtParam,
  exportToken,
  grantedAcls,
  requiredTokenName,
  tokenFailure,
  tokenNameParam,
  tokenSchema,
} from "../tokens/token-rules.js";

/** Renames one of the caller's tokens or changes its ACLs or expiry; the token's value stays the same. */
export const definition = defineFunction({
  name: "api_token_update",
  perlModule: "Whostmgr::API::1::Tokens",
  summary: "Update WHM API token",
  acl: "manage-api-tokens",
  needs: { table: "write" },
  params: {
    token_name: requiredTokenName("update"),
    new_name: { ...tokenNameParam, description: "The token's new name." },
    acl: aclParam,
    expires_at: expiresAtParam,
  },
  returns: schema.object({
    ...(tokenSchema.properties as Record<string, Schema>),
    old_name: schema.string("Present after a rename."),
  }),
  async run({ principal }, args) {
    if (args.new_name === undefined && !args.acl.length && args.expires_at === undefined) {
      throw tokenFailure("update", "You must specify at least one change to make to the API token.");
    }
    const problem =
      checkTokenName(args.token_name) ??
      (args.new_name === undefined ? undefined : checkTokenName(args.new_name)) ??
      checkExpiry(args.expires_at);
    if (problem) throw tokenFailure("update", problem);
    const current = await getTokenByName(principal.tenant, principal.user, args.token_name);
    if (!current) throw tokenFailure("update", `You do not have an API token named “${args.token_name}”.`);
    if (!holdsAll(principal, current.acls))
      throw tokenFailure("update", errors.strongerToken(current.name).reason);
    let acls: string[] | undefined;
    if (args.acl.length) {
      const granted = grantedAcls(principal, args.acl);
      if ("error" in granted) throw tokenFailure("update", granted.error);
      acls = granted.acls;
    }
    try {
      const updated = await updateToken(current, { name: args.new_name, acls, expiresAt: args.expires_at });
      return {
        ...exportToken(updated),
        ...(updated.name !== current.name ? { old_name: current.name } : {}),
      };
    } catch (error) {
      if (error instanceof TokenNameTaken)
        throw tokenFailure("update", `An API token named “${args.new_name}” already exists.`);
      throw error;
    }
  },
});

export const handler = lambdaHandler(definition);
