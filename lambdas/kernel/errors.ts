import { ALLOWED_SERVICES } from "./domain.js";

/**
 * WHM API 1 failures. Every text a caller can see is built here, so each one is written once
 * and matches the reference (cPanel's Perl source, file named beside each builder).
 */
export class WhmError extends Error {
  override readonly name = "WhmError";
  /** The operations signal a failure of this kind counts toward (runtime/signals.ts), if any. */
  signal?: "PortalFailures";
  /** `reason`, and the `data` the reference still returns with some failures (token functions: `{}`). */
  constructor(
    readonly reason: string,
    readonly data?: Record<string, unknown>,
  ) {
    super(reason);
  }
}

/** A failure of the support portal: counted in the PortalFailures metric. */
const portalFailure = (reason: string) =>
  Object.assign(new WhmError(reason), { signal: "PortalFailures" as const });

/** cPanel's `list_and_quoted` locale bracket: “a”, “b”, and “c”. */
export function listAndQuoted(items: readonly string[]): string {
  const quoted = items.map((item) => `“${item}”`);
  if (quoted.length <= 2) return quoted.join(" and ");
  return `${quoted.slice(0, -1).join(", ")}, and ${quoted.at(-1)}`;
}

/** Cpanel/Exception/CORE.pm: an exception's id, six characters of this alphabet. */
const XID_CHARS = "abcdefghjkmnpqrstuvwxyz23456789";
const xid = () =>
  Array.from({ length: 6 }, () => XID_CHARS[Math.floor(Math.random() * XID_CHARS.length)]).join("");

export const errors = {
  /**
   * Whostmgr/API/1/Data/Wrapper.pm: a function that dies with a Cpanel::Exception answers
   * `API failure: ` and the exception's text with its id (`(XID abc123) …`).
   */
  apiFailure: (text: string) => new WhmError(`API failure: (XID ${xid()}) ${text}`),
  /** Cpanel::Exception::get_string: the exception's text with its id, where WHM reports it without `API failure: `. */
  exceptionString: (text: string) => new WhmError(`(XID ${xid()}) ${text}`),
  /** The same for a plain Perl `die "…\n"`: no id, and the text keeps its newline. */
  plainFailure: (text: string) => new WhmError(`API failure: ${text}\n`),
  /** Cpanel/Exception/UserNotFound.pm */
  userNotFound: (user: string) => errors.apiFailure(`You do not have a user named “${user}”.`),
  /** Whostmgr/API/1/Accounts.pm (Cpanel::AccessControl refused). */
  noAccessToAccount: (user: string) =>
    errors.apiFailure(`You do not have access to an account named “${user}”.`),
  /** Cpanel/Security/Authn/User/Modify.pm `_validate_provider_is_enabled_for_at_least_one_service`. */
  providerNotEnabled: (provider: string) =>
    errors.apiFailure(
      `The provider “${provider}” is not enabled for any services with OpenID Connect authentication.`,
    ),
  /** Cpanel/Security/Authn/OpenIdConnect.pm: a provider whose module cannot be loaded (our wording of Perl's load error). */
  providerModuleMissing: (namespace: string) =>
    errors.apiFailure(`The system cannot load the OpenID Connect provider module “${namespace}”.`),
  /** Cpanel/Security/Authn/User/Modify.pm `remove_authn_link_for_user`. */
  notLinkedToUser: () =>
    errors.apiFailure("The value of the parameter “subject_unique_identifier” is not valid for this user."),
  /** Beyond WHM (fleet sign-in): a redirect URI that cannot be registered, and why. */
  redirectUriInvalid: (uri: string, problem: string) =>
    errors.apiFailure(`The redirect URI “${uri}” ${problem}.`),
  /** Beyond WHM (fleet sign-in): no registered client with this id in the tenant. */
  clientNotFound: (clientId: string) =>
    errors.apiFailure(`The system could not find an OpenID Connect client with the ID “${clientId}”.`),
  /** Beyond WHM (passkeys): no passkey of this id for this user. */
  passkeyNotFound: (user: string, credentialId: string) =>
    errors.apiFailure(`The user “${user}” has no passkey with the ID “${credentialId}”.`),
  /** Beyond WHM (fleet sign-in): a public client authenticates with PKCE alone. */
  publicClientHasNoSecret: (clientId: string) =>
    errors.apiFailure(
      `The OpenID Connect client “${clientId}” is a public client: it has no secret to rotate.`,
    ),
  /** Cpanel/Exception/MissingParameter.pm, with the caller named as Cpanel::Exception::Caller does. */
  missingParameter: (name: string, perlFunction: string) =>
    errors.apiFailure(`Provide the “${name}” parameter for the “${perlFunction}” function.`),
  /** Cpanel/Exception/Empty.pm */
  emptyParameter: (name: string) => errors.apiFailure(`The value of “${name}” may not be empty.`),
  /** Whostmgr/API/1/Authentication.pm (service check before every provider call). */
  unknownService: () =>
    errors.apiFailure(`Currently, only ${listAndQuoted(ALLOWED_SERVICES)} can use External Authentication.`),
  /** Cpanel/Security/Authn/OpenIdConnect.pm `_get_provider_ns`. */
  unknownProvider: (provider: string) =>
    errors.apiFailure(`The requested provider “${provider}” is not valid.`),
  /** Whostmgr/API/1/Data (xml-api dispatcher) for names not in the application list. */
  unknownFunction: (name: string, version = 1) =>
    new WhmError(`Unknown app (${name}) requested for this version (${version}) of the API.`),
  /** Our text: WHM API 1 is the only version served. */
  unsupportedVersion: (version: string) =>
    new WhmError(
      `This server only supports version 1 of the WHM API; “api.version=${version}” is not supported.`,
    ),
  /** Our text for an ACL the caller's token lacks (WHM answers a generic access denial). */
  accessDenied: (acl: string) =>
    new WhmError(
      `Access denied: this function requires the “${acl}” privilege, which your credentials lack.`,
    ),
  /** Cpanel::JSON::Load failure on a JSON-string argument (Cpanel/Exception/JSONParseError.pm). */
  invalidJson: (name: string) => errors.apiFailure(`The “${name}” argument is not valid JSON.`),
  /** Cpanel/Validate/OpenIdConnect.pm `check_hashref_or_die`. */
  notAHash: (name: string) => errors.apiFailure(`The parameter “${name}” must be a hashref.`),
  /** Our text: a value over the request limits. */
  tooLong: (name: string, max: number) =>
    new WhmError(`The value of “${name}” exceeds the maximum length of ${max} characters.`),
  /** Our text: a value outside the declared set. */
  invalidChoice: (name: string, value: string, allowed: readonly string[]) =>
    new WhmError(`The value “${value}” is not valid for “${name}”. Use one of: ${listAndQuoted(allowed)}.`),
  /** Our text: an `application/json` body that is not a JSON object (cpsrvd refuses it before any API). */
  syncServerBound: (server: string | undefined) =>
    new WhmError(
      `This token pushes the directory of “${server ?? "another server"}” only: make a directory-sync token for each server.`,
    ),
  invalidJsonBody: () => new WhmError("The request body is not a valid JSON object."),
  /** Our text: a `multipart/form-data` body that cannot be read. */
  invalidMultipartBody: () => new WhmError("The request body is not valid multipart/form-data."),
  /** Our text: an `api.*` name with a segment that names an object's prototype machinery. */
  invalidArgumentName: (name: string) => new WhmError(`The argument name “${name}” is not valid.`),
  /** Our text: more argument names (function arguments and `api.*` options together) than one call may carry. */
  tooManyArguments: (max: number) => new WhmError(`A call may carry at most ${max} arguments.`),
  /** Our text: the answer would exceed what one response may carry. */
  responseTooLarge: (max: number) =>
    new WhmError(
      `The response exceeds the maximum size of ${max} bytes. Use “api.chunk” or “api.columns” to request less.`,
    ),
  invalidCursor: () =>
    new WhmError("The value of “api.chunk.after” is not valid: pass the “next” value of a previous answer."),
  invalidInteger: (name: string) => new WhmError(`The value of “${name}” must be a whole number.`),
  /** Cpanel/Security/Authn/Provider/OpenIdConnectBase/Set.pm `set_client_configuration`. */
  missingConfigurationKey: (key: string) =>
    errors.apiFailure(`The configuration is missing the required parameter key “${key}”.`),
  configurationNotString: (key: string) =>
    errors.apiFailure(
      `The value of “${key}” is not valid. Configuration field values are limited to strings.`,
    ),
  unknownConfigurationKey: (key: string, providerDisplayName: string) =>
    errors.apiFailure(
      `The configuration key “${key}” is not a valid configuration field for the provider “${providerDisplayName}”.`,
    ),
  /** Cpanel/Validate/OpenIdConnect.pm size limit; unlike the reference, the value is not echoed (it may be a secret). */
  configurationTooLarge: (key: string, max: number) =>
    errors.apiFailure(`The configuration element “${key}” is larger than the allowed size of ${max}.`),
  /** Cpanel/Validate/LineTerminatorFree.pm, in our words. */
  lineTerminator: (key: string) =>
    errors.apiFailure(`The configuration element “${key}” may not contain line terminators.`),
  /** Our text: the reference enables unconfigured providers but then ignores them; we refuse up front. */
  providerNotConfigured: (displayName: string) =>
    new WhmError(
      `The provider “${displayName}” is not configured. Set its client configuration with set_provider_client_configurations first.`,
    ),
  /** Cpanel/Security/Authn/Provider/OpenIdConnectBase/Set.pm `set_display_configuration`. */
  unknownDisplayKey: (provider: string, key: string) =>
    errors.apiFailure(
      `You can only update display configurations that already exist in the provider module, and the “${provider}” provider does not contain the “${key}” display configuration parameter.`,
    ),
  displayColor: (key: string) =>
    errors.apiFailure(
      `The display configuration parameter “${key}” requires a hex color code without a Number symbol (#). For example, FF0000 represents red.`,
    ),
  /** Our text: an identity links to one user per tenant. */
  identityLinkedElsewhere: (provider: string, subject: string) =>
    new WhmError(`The “${provider}” identity “${subject}” is already linked to another user.`),
  /** Whostmgr/TicketSupport/Token.pm `fetch`. */
  oauth2ArgumentsMissing: () =>
    new WhmError(
      "The request must include the OAuth2 code and associated redirect URI arguments to retrieve the token.",
    ),
  portalUnreachable: () => portalFailure("The server was unable to contact the cPanel Customer Portal."),
  /** A refused code (4xx) is the caller's; only the portal's own failures (5xx) count as its failures. */
  portalStatus: (status: number) => {
    const reason = `The server failed to retrieve an access token from the cPanel Customer Portal. Status Code: ${status}`;
    return status >= 500 ? portalFailure(reason) : new WhmError(reason);
  },
  portalMalformed: () =>
    portalFailure("The server received a malformed response from the cPanel Customer Portal."),
  /** Whostmgr/TicketSupport.pm `_prep_headers_for_remote_api`: no portal token on the session. */
  ticketTokenMissing: () => new WhmError("The cp_ticket_system_token does not exist in the session data."),
  /** A ticket-system failure worded by the function; the portal's own (5xx) count as its failures. */
  ticketSystem: (reason: string, status?: number) =>
    status === undefined || status >= 500 ? portalFailure(reason) : new WhmError(reason),
  /** Whostmgr/TicketSupport.pm `get_support_agreement`, in its order of checks. */
  ticketAgreementUrlMissing: (status: number) =>
    errors.ticketSystem(
      "WHM could not find the Technical Support Agreement URL in the response from the ticket system API.",
      status,
    ),
  ticketAgreementStatus: (status: number) =>
    errors.ticketSystem(
      `The system received an unexpected status while retrieving the Technical Support Agreement: ${status}`,
      status,
    ),
  ticketAgreementKeyMissing: (key: string) =>
    errors.ticketSystem(`Required key ${key} is missing from Technical Support Agreement info.`),
  /** Whostmgr/API/1/TicketSupport.pm `ticket_update_service_agreement_approval`. */
  ticketVersionMissing: () => new WhmError("The version parameter is required."),
  ticketApprovalFailed: (status: number, message: string) =>
    errors.ticketSystem(
      `The ticket system failed to update the Technical Support Agreement approval information, and returned a HTTP “${status}” status code: ${message}`,
      status,
    ),
  /** Whostmgr/TicketSupport.pm `get_support_info`. */
  ticketSupportInfoFailed: (ip: string, status: number) =>
    errors.ticketSystem(`Failed to retrieve support information for ${ip}`, status),
  /** Our text: the tenant has no server address for the portal to look up (WHM reads its own). */
  ticketNoServerIp: () =>
    new WhmError(
      "This server has no public IP address configured for the cPanel Customer Portal. Ask your provider to set one.",
    ),
  /** Our text: WHM lists only local grants when the portal fails; here there are none to list. */
  ticketListFailed: (status: number) =>
    errors.ticketSystem(
      `The ticket system failed to list your open tickets, and returned a HTTP “${status}” status code.`,
      status,
    ),
  /** Whostmgr/API/1/TicketSupport.pm: a portal answer without what the function returns. */
  ticketUnknown: () => errors.ticketSystem("An unknown error occurred."),
  /** Whostmgr/API/1/TicketSupport.pm `_internal_build_search_matchers`. */
  ticketUserInvalid: (user: string) => new WhmError(`The following User is not valid: ${user}`),
  ticketIdInvalid: (id: string) =>
    new WhmError(`“ticket_id” must be between 3 - 64 non-whitespace characters: ${id}`),
  ticketServerNumInvalid: (num: string) =>
    new WhmError(`“server_num” must be between 1 - 64 non-whitespace characters: ${num}`),
  /** Our text: authorization codes are single use here even before the portal sees a replay. */
  oauth2CodeUsed: () => new WhmError("The OAuth2 code has already been used. Start the authorization again."),
  /** Our text (cPHulk's lockout, for API calls): too many failed authentications from the caller's address. */
  lockedOut: (seconds: number) =>
    new WhmError(
      `Too many failed authentication attempts from this address. Try again in ${seconds} seconds.`,
    ),
  /** Our text: the tenant's request rate limit. */
  rateLimited: () => new WhmError("Too many requests for this account. Wait a moment, then try again."),
  /** Whostmgr/API/1/Session.pm `create_user_session`, in its order of checks. */
  sessionUserMissing: (user: string) =>
    new WhmError(`You cannot create a session for the user “${user}” because they do not exist.`),
  sessionUserSuspended: (user: string) =>
    new WhmError(`You cannot create a session for the user “${user}” because they are currently suspended.`),
  sessionForbidden: (user: string) =>
    new WhmError(`You do not have permission to create sessions for the user “${user}”.`),
  /** The reference quotes the locale's value where its name is meant; kept as WHM says it. */
  sessionLocaleTooLong: (locale: string) =>
    new WhmError(
      `The “${locale}” parameter is invalid. The “${locale}” parameter may not be longer than 16 characters.`,
    ),
  /** Session.pm quotes the value where its name is meant, as for the locale. */
  sessionInvalidDomain: (domain: string) =>
    new WhmError(
      `The “${domain}” parameter is invalid. The “${domain}” parameter must be a valid domain name or IP address.`,
    ),
  sessionDomainNotLocal: (domain: string) =>
    new WhmError(
      `The “${domain}” parameter is invalid. The “${domain}” parameter must be a domain or IP address on this server.`,
    ),
  sessionInvalidApp: (app: string) => new WhmError(`The requested application, ${app}, is invalid.`),
  sessionNotReseller: (user: string) =>
    new WhmError(
      `You cannot create a “whostmgrd” session for the user “${user}” because they are not a reseller.`,
    ),
  /** Our text: a token may change or revoke only tokens whose privileges it holds (stricter than WHM). */
  strongerToken: (name: string) =>
    new WhmError(`The API token “${name}” holds privileges that your credentials lack.`),
  /** Our text: the redirect URI of a portal code must be one of the caller's own server. */
  foreignRedirectUri: (uri: string) =>
    new WhmError(`The redirect URI “${uri}” does not belong to this server.`),
  /** Our text: a storage service throttled the call even after the SDK's retries; nothing was changed. */
  /** Whostmgr/API/1/TwoFactorAuth.pm and Cpanel/Security/Authn/TwoFactorAuth/Base.pm. */
  tfaCodeInvalid: () => new WhmError("The security code is invalid."),
  tfaSecretInvalid: () => errors.exceptionString("Missing or Invalid: “secret”"),
  tfaIssuerInvalid: () =>
    new WhmError(
      `Failed to set issuer: (XID ${xid()}) The “issuer” parameter must be less than or equal to 32 characters in length. It can only use spaces and the following characters: a-z A-Z 0-9 . _ -`,
    ),
  tfaNoUsers: () => new WhmError("No users specified."),
  /** `failed` entries of twofactorauth_remove_user_config (Whostmgr/Authz.pm's texts, with their ids). */
  tfaNotAuthorized: (user: string, exists: boolean) =>
    `You are not authorized to modify “${user}”: (XID ${xid()}) ${
      exists
        ? `You do not have access to an account named “${user}”.`
        : `You do not have a user named “${user}”.`
    }`,
  tfaNoAccess: (user: string) => new WhmError(`You do not have access to an account named “${user}”.`),
  /** Our text: wrong codes are limited per user (WHM does not limit them). */
  tfaTooManyCodes: (seconds: number) =>
    new WhmError(
      `Too many invalid security codes were given for this user. Try again in ${seconds} seconds.`,
    ),
  busy: () => new WhmError("The system is busy. Wait a moment, then try again."),
  /** A failure whose cause we do not show (it is logged with the request id instead). */
  internal: () => new WhmError("The system encountered an internal error. Try again later."),
} as const;
