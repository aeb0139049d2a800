import { isIP } from "node:net";
import { errors, WhmError } from "../kernel/errors.js";
import { hasAcl } from "../runtime/auth.js";
import { defineFunction } from "../runtime/define.js";
import { lambdaHandler } from "../runtime/handler.js";
import { schema } from "../runtime/schema.js";
import { getAccount, owns } from "../stores/accounts.js";
import { createLogin } from "../stores/sessions.js";

const SERVICES = ["cpaneld", "webmaild", "whostmgrd"] as const;

/**
 * Creates a session for a user of the tenant's directory and returns its one-time login URL.
 * Visiting the URL starts the session and sets its cookie; the session then works under its
 * `/cpsessNNNNNNNNNN/` path with the user's privileges, never more than the caller's own, and ends
 * when the credential it was made with is revoked or expires. Checks in the reference's order
 * (Whostmgr/API/1/Session.pm): the user exists, is not suspended, the caller may act for them
 * (only root for root), and a whostmgrd session is for root or a reseller.
 */
export const definition = defineFunction({
  name: "create_user_session",
  perlModule: "Whostmgr::API::1::Session",
  summary: "Create user session",
  acl: "create-user-session",
  okReason: "Created session",
  params: {
    user: {
      description: "The user the session is for.",
      required: true,
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
    locale: { description: "The session's locale (at most 16 characters)." },
    app: {
      description: "The application to open after login (letters, digits, - and _).",
      maxLength: 256,
    },
    preferred_domain: {
      description: "The domain or IP address to put in the login URL instead of the tenant's host name.",
      maxLength: 253,
    },
  },
  returns: schema.object({
    cp_security_token: schema.string("/cpsess and 10 digits."),
    expires: schema.integer("Unix time until which the login URL works."),
    service: schema.string(),
    session: schema.string("The one-time login secret (the URL's session argument)."),
    url: schema.string("The one-time login URL."),
    locale: schema.string(),
  }),
  async run({ principal, tenant }, args) {
    const account = await getAccount(tenant.id, args.user);
    if (!account) throw errors.sessionUserMissing(args.user);
    if (account.suspended) throw errors.sessionUserSuspended(args.user);
    const hasRoot = hasAcl(principal, "all");
    const forbidden =
      (args.user === "root" && (args.service !== "whostmgrd" || principal.user !== "root")) ||
      (!hasRoot && !owns(principal.user, account));
    if (forbidden) throw errors.sessionForbidden(args.user);
    if (args.locale && args.locale.length > 16) throw errors.sessionLocaleTooLong(args.locale);
    if (args.service === "whostmgrd" && account.kind === "cpanel") throw errors.sessionNotReseller(args.user);
    const host = args.preferred_domain
      ? checkPreferredDomain(args.preferred_domain, (await tenant.record()).hostname)
      : undefined;
    if (args.app && !/^[0-9a-z_-]+$/i.test(args.app)) throw errors.sessionInvalidApp(args.app);
    const login = await createLogin({
      tenant: principal.tenant,
      user: args.user,
      service: args.service,
      acls: account.acls.includes("all")
        ? principal.acls
        : account.acls.filter((acl) => hasAcl(principal, acl)),
      creator: principal.user,
      credential: principal.credential,
      credentialExpires: principal.credentialExpires,
      origin: principal.origin,
      allowedIps: principal.allowedIps,
      locale: args.locale || undefined,
    });
    const base = host
      ? `https://${host}:${SERVICE_PORTS.get(args.service) ?? 2087}`
      : (process.env.PUBLIC_BASE_URL ?? `https://${(await tenant.record()).hostname}:2087`);
    const gotoUri = args.service === "whostmgrd" && args.app ? WHM_APP_URIS.get(args.app) : undefined;
    const query = new URLSearchParams({
      session: login.loginSecret,
      ...(gotoUri ? { goto_uri: gotoUri } : {}),
      ...(args.locale ? { locale: args.locale } : {}),
    });
    return {
      cp_security_token: login.cpSecurityToken,
      ...(args.locale ? { locale: args.locale } : {}),
      expires: login.preauthExpires,
      service: args.service,
      session: login.loginSecret,
      url: `${base}${login.cpSecurityToken}/login/?${query}`,
    };
  },
});

/**
 * `goto_uri` for the WHM applications served here, by their dynamicui.conf key and URL (WHM adds
 * the URL of the named application to the login URL); our login lands in the API Shell.
 */
const WHM_APP_URIS: ReadonlyMap<string, string> = new Map([["api_shell", "/cgi/api_shell/index.cgi"]]);

/** The port of each service's login URL (Cpanel/Services/Ports.pm, the SSL ports). */
const SERVICE_PORTS: ReadonlyMap<string, number> = new Map([
  ["cpaneld", 2083],
  ["webmaild", 2096],
  ["whostmgrd", 2087],
]);

/**
 * `preferred_domain` as the reference checks it: a valid domain name or IP address, and one on this
 * server. The tenant's server here is its host name and the names under it.
 */
function checkPreferredDomain(domain: string, hostname: string): string {
  const isDomain = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i.test(domain);
  if (!isDomain && !isIP(domain)) throw errors.sessionInvalidDomain(domain);
  const local =
    domain.toLowerCase() === hostname.toLowerCase() ||
    domain.toLowerCase().endsWith(`.${hostname.toLowerCase()}`);
  if (!local) throw errors.sessionDomainNotLocal(domain);
  return domain;
}

export const handler = lambdaHandler(definition);
