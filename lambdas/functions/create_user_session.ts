import { defineFunction } from "../runtime/define.js";
import { errors, WhmError } from "../runtime/errors.js";
import { lambdaHandler } from "../runtime/handler.js";
import { schema } from "../runtime/schema.js";
import { createSession } from "../stores/sessions.js";

const SERVICES = ["cpaneld", "webmaild", "whostmgrd"] as const;

/**
 * Creates a session for a user and returns its one-time login URL. Visiting the URL sets the
 * session cookie; the session then works under its `/cpsessNNNNNNNNNN/` path with the creator's
 * privileges. Only root (`all`) may open a session for `root`, and only on whostmgrd.
 */
export const definition = defineFunction({
  name: "create_user_session",
  perlModule: "Whostmgr::API::1::Session",
  summary: "Create user session",
  acl: "create-user-session",
  needs: { table: "write" },
  params: {
    user: {
      description: "The user the session is for.",
      required: true,
      nonEmpty: true,
      maxLength: 64,
      missingError: () => new WhmError("The “user” parameter is required."),
      example: "root",
    },
    service: {
      description: "The service: whostmgrd (WHM API sessions), cpaneld or webmaild.",
      required: true,
      enum: SERVICES,
      missingError: () => new WhmError("The “service” parameter is required."),
      enumError: () =>
        new WhmError(
          "The “service” parameter is invalid. The only supported services for this API call are “cpaneld”, “webmaild”, and “whostmgrd”.",
        ),
      example: "whostmgrd",
    },
    locale: { description: "The session's locale (at most 16 characters).", maxLength: 16 },
  },
  returns: schema.object({
    cp_security_token: schema.string("/cpsess and 10 digits."),
    expires: schema.integer("Unix time until which the login URL works."),
    service: schema.string(),
    session: schema.string(),
    url: schema.string("The one-time login URL."),
    locale: schema.string(),
  }),
  async run({ principal, tenant }, args) {
    const rootOnly =
      args.user === "root" && (args.service !== "whostmgrd" || !principal.acls.includes("all"));
    if (rootOnly || (!principal.acls.includes("all") && args.user !== principal.user)) {
      throw new WhmError(`You do not have permission to create sessions for the user “${args.user}”.`);
    }
    if (!/^[a-z0-9_.-]+$/i.test(args.user)) throw errors.invalidChoice("user", args.user, ["a username"]);
    const session = await createSession({
      tenant: principal.tenant,
      user: args.user,
      service: args.service,
      acls: principal.acls,
      creator: principal.user,
    });
    const base = process.env.PUBLIC_BASE_URL ?? `https://${tenant.hostname}:2087`;
    const url = `${base}${session.cpSecurityToken}/login?session=${encodeURIComponent(session.sessionId)}`;
    return {
      cp_security_token: session.cpSecurityToken,
      expires: session.preauthExpires,
      service: args.service,
      session: session.sessionId,
      url,
      ...(args.locale ? { locale: args.locale } : {}),
    };
  },
});

export const handler = lambdaHandler(definition);
