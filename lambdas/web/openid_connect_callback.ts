import { randomBytes } from "node:crypto";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { codeRedirect } from "../fleet/code-grant.js";
import { issuerOf } from "../fleet/issuer.js";
import { mayUse } from "../fleet/server-access.js";
import { ssoCookie } from "../fleet/sso-cookie.js";
import { asActor, withCallContext } from "../kernel/call-context.js";
import type { Tenant } from "../kernel/domain.js";
import { WhmError } from "../kernel/errors.js";
import { sessionCookie } from "../runtime/auth.js";
import { invocation, type LambdaHandler } from "../runtime/handler.js";
import { htmlPage } from "../runtime/html-page.js";
import { errorFields, logger } from "../runtime/logger.js";
import type { WhmRequest } from "../runtime/request.js";
import { countSignal } from "../runtime/signals.js";
import {
  browserContext,
  browserRequest,
  clearedSignInCookie,
  SIGN_IN_COOKIE,
  tenantOfHost,
} from "../sign-in/browser.js";
import { SignInRejected, verifiedIdentity } from "../sign-in/id-token.js";
import { type RefusalCode, refusalPage, securityCodePage } from "../sign-in/pages.js";
import { signInProvider } from "../sign-in/provider-gate.js";
import { currentAcls, getAccount } from "../stores/accounts.js";
import { recordEvent } from "../stores/audit.js";
import { sha256 } from "../stores/hash.js";
import { addLink, findLink, IdentityLinkedElsewhere, type LinkGrant } from "../stores/links.js";
import { getRelyingParty } from "../stores/relying-parties.js";
import { getSession, type SignInGrant, startSignInSession } from "../stores/sessions.js";
import { type FleetAuthorization, putSignIn, type SignInRecord, takeSignIn } from "../stores/sign-ins.js";
import { getTwoFactorUser, isPolicyEnabled, useTwoFactorStep } from "../stores/two-factor.js";
import { checkCode } from "../two-factor/codes.js";

/** How long the security-code step may wait. */
const CODE_STEP_SECONDS = 300;

class Refused extends Error {
  constructor(readonly code: RefusalCode) {
    super(code);
  }
}

/**
 * cpsrvd's `/openid_connect_callback/PROVIDER`: the provider's return. The sign-in record named by
 * `state` is taken (single use) and must belong to this browser, provider and tenant; the code is
 * redeemed and the ID token verified; the identity's linked user then gets a WHM session exactly
 * like create_user_session's (cookie and `/cpsess` token), after a security code when the tenant's
 * policy requires two-factor authentication and the user has it (POST back here with the code).
 * A self-service link started under a session links the identity instead; a sign-in a tenant's
 * server asked for (docs/FLEET-SIGN-IN.md) goes back to that server with an authorization code.
 * Every refusal is a page with nothing stored.
 */
export const handler: LambdaHandler = (event, context) =>
  invocation("openid_connect_callback", context, (requestId) => serve(event, requestId));

async function serve(
  event: APIGatewayProxyEventV2,
  requestId: string,
): Promise<APIGatewayProxyStructuredResultV2> {
  let secure = true;
  const providerId = /^\/openid_connect_callback\/([a-z0-9_]{1,64})\/?$/.exec(event.rawPath)?.[1];
  const refused = (code: RefusalCode) =>
    refusalPage(code, { cookies: [clearedSignInCookie(secure)], provider: providerId });
  try {
    if (!providerId) throw new Refused("provider_unavailable");
    const request = await browserRequest(event);
    secure = request.secure;
    const tenant = await tenantOfHost(request);
    const work = () =>
      event.requestContext.http.method === "POST"
        ? codeStep(request, providerId, tenant)
        : providerReturn(request, providerId, tenant);
    if (!tenant) return await work();
    // The host's tenant keeps the decision in its audit trail, whichever way it goes.
    // Nobody is known to act until the identity is verified.
    const context = browserContext(tenant.id, request, "openid_connect_callback", requestId);
    return await withCallContext(context, () =>
      work().catch(async (error: unknown) => {
        const detail = error instanceof Refused ? error.code : "openid_unable_to_get_access_token";
        await recordEvent({ actor: "-", target: providerId, outcome: "refused", detail });
        throw error;
      }),
    );
  } catch (error) {
    countSignal("SignInFailures", "openid_connect_callback");
    if (error instanceof Refused) return refused(error.code);
    logger.error("sign-in callback failed", errorFields(error));
    return refused("openid_unable_to_get_access_token");
  }
}

function argument(request: WhmRequest, name: string): string | undefined {
  return request.args.get(name)?.[0];
}

/**
 * Takes the sign-in record of `secret` and checks it belongs to this browser, provider and host's
 * tenant (`hostTenant`, the tenant of the host the return came to, if any).
 */
async function claim<K extends SignInRecord["kind"]>(
  request: WhmRequest,
  providerId: string,
  secret: string,
  kind: K,
  hostTenant: Tenant | undefined,
): Promise<{ record: Extract<SignInRecord, { kind: K }>; tenant: Tenant }> {
  // Without the cookie no browser matches: the take then only tells a used or unknown step apart.
  const browser = request.cookies.get(SIGN_IN_COOKIE) ?? "";
  const record = await takeSignIn(sha256(secret), sha256(browser));
  if (record === "other-browser") throw new Refused("invalid_session");
  if (record === "none" || record.kind !== kind) throw new Refused("expired_session");
  if (record.provider !== providerId) throw new Refused("invalid_session");
  if (hostTenant?.id !== record.tenant) throw new Refused("invalid_session");
  return { record: record as Extract<SignInRecord, { kind: K }>, tenant: hostTenant };
}

async function providerReturn(request: WhmRequest, providerId: string, hostTenant: Tenant | undefined) {
  const state = argument(request, "state");
  if (!state) throw new Refused("missing_openid_state");
  const { record, tenant } = await claim(request, providerId, state, "authorize", hostTenant);
  if (argument(request, "error")) throw new Refused("oidc_received_error");
  if (!argument(request, "code")) throw new Refused("missing_openid_code");
  const provider = await signInProvider(tenant, providerId);
  if (!provider) throw new Refused("provider_unavailable");
  const callback = new URLSearchParams(
    [...request.args].flatMap(([name, values]) => values.map((v) => [name, v])),
  );
  const identity = await verifiedIdentity(provider, callback, { ...record, state }).catch(
    (error: unknown) => {
      if (error instanceof SignInRejected)
        throw new Refused(
          error.stage === "exchange" ? "openid_unable_to_get_access_token" : "openid_missing_id_token",
        );
      throw error;
    },
  );
  if (record.link) {
    const session = await getSession(record.link.sessionKey);
    if (
      session?.tenant !== tenant.id ||
      session.user !== record.link.user ||
      session.cpSecurityToken !== record.link.cpSecurityToken
    )
      throw new Refused("not_signed_in");
    const linker = record.link.user;
    const link = () =>
      addLink(tenant.id, {
        username: linker,
        providerId,
        subject: identity.subject,
        preferredUsername: identity.preferredUsername ?? identity.subject,
        grant: record.link?.grant,
      });
    // The signed-in user links their own identity: they are the actor of the change.
    await asActor({ user: linker, via: "session" }, link).catch((error: unknown) => {
      throw error instanceof IdentityLinkedElsewhere ? new Refused("link_failed") : error;
    });
    countSignal("SignInSuccesses", "openid_connect_callback");
    return htmlPage(
      302,
      { title: "Linked", text: "Linked." },
      { location: `${record.link.cpSecurityToken}/api-shell/index.html` },
      [clearedSignInCookie(request.secure)],
    );
  }
  const link = await findLink(tenant.id, providerId, identity.subject);
  if (!link) throw new Refused("no_linked_account");
  const user = link.username;
  const admitted = await admit(tenant.id, user, link.grant, record.fleet);
  const [policy, twoFactor] = await Promise.all([
    isPolicyEnabled(tenant.id),
    getTwoFactorUser(tenant.id, user),
  ]);
  if (policy && twoFactor) {
    const pending = randomBytes(24).toString("base64url");
    await putSignIn(
      sha256(pending),
      {
        kind: "code",
        tenant: tenant.id,
        provider: providerId,
        subject: identity.subject,
        user,
        browser: record.browser,
        ...(link.grant ? { grant: link.grant } : {}),
        ...(record.fleet ? { fleet: record.fleet } : {}),
      },
      CODE_STEP_SECONDS,
    );
    return securityCodePage(`/openid_connect_callback/${providerId}`, pending);
  }
  return signedIn(request, tenant, admitted, {
    user,
    provider: providerId,
    subject: identity.subject,
    grant: link.grant,
    amr: ["fed"],
  });
}

/** The security-code step: the code must be right and of a time step not used before. */
async function codeStep(request: WhmRequest, providerId: string, hostTenant: Tenant | undefined) {
  const pending = argument(request, "pending");
  if (!pending) throw new Refused("expired_session");
  const { record, tenant } = await claim(request, providerId, pending, "code", hostTenant);
  const admitted = await admit(tenant.id, record.user, record.grant, record.fleet);
  const twoFactor = await getTwoFactorUser(tenant.id, record.user);
  if (twoFactor) {
    const step = await checkCode(
      tenant.id,
      record.user,
      twoFactor.secret,
      argument(request, "tfa_token") ?? "",
    ).catch((error: unknown) => {
      if (!(error instanceof WhmError)) throw error;
      throw new Refused(
        error.reason.startsWith("Too many") ? "too_many_security_codes" : "invalid_security_code",
      );
    });
    if (!(await useTwoFactorStep(tenant.id, record.user, step))) throw new Refused("invalid_security_code");
  }
  return signedIn(request, tenant, admitted, {
    user: record.user,
    provider: providerId,
    subject: record.subject,
    grant: record.grant,
    amr: twoFactor ? ["fed", "otp"] : ["fed"],
  });
}

/** Who signs in, to what: the session's privileges and service, and the server it answers, if any. */
interface Admitted {
  readonly acls: readonly string[];
  readonly service: "whostmgrd" | "cpaneld";
  readonly email?: string;
  readonly fleet?: FleetAuthorization;
}

/**
 * WHM sign-in is for root and resellers that are not suspended; their ACLs as the directory has
 * them, capped by what the session that made a self-service link held. A server's sign-in is for
 * whoever may use that server (fleet/server-access.ts): a cPanel user's session is a cPanel one,
 * with no WHM privileges.
 */
async function admit(
  tenant: string,
  user: string,
  grant: LinkGrant | undefined,
  fleet: FleetAuthorization | undefined,
): Promise<Admitted> {
  const [account, party] = await Promise.all([
    getAccount(tenant, user),
    fleet ? getRelyingParty(tenant, fleet.clientId) : undefined,
  ]);
  if (fleet) {
    if (!party?.redirectUris.includes(fleet.redirectUri)) throw new Refused("server_not_registered");
    if (!account || !mayUse(account, party, fleet.service)) throw new Refused("user_not_allowed_for_server");
  } else if (!account || account.suspended || account.kind === "cpanel")
    throw new Refused("user_not_allowed");
  if (account.kind === "cpanel") return { acls: [], service: "cpaneld", email: account.email, fleet };
  const acls = grant ? currentAcls(grant.acls, account) : account.acls;
  return { acls, service: "whostmgrd", email: account.email, fleet };
}

/** Starts the session of whom the sign-in proved, with what `admit` let them have. */
async function signedIn(
  request: WhmRequest,
  tenant: Tenant,
  admitted: Admitted,
  proven: Omit<SignInGrant, "tenant" | "acls" | "service">,
) {
  const grant = { ...proven, tenant: tenant.id, acls: admitted.acls, service: admitted.service };
  const session = await startSignInSession(grant);
  // The identity was unlinked between the lookup and the session.
  if (!session) throw new Refused("no_linked_account");
  countSignal("SignInSuccesses", "openid_connect_callback");
  const cookies = [
    sessionCookie(session.sessionId, request.secure),
    ssoCookie(session.sessionId, request.secure),
    clearedSignInCookie(request.secure),
  ];
  const { fleet } = admitted;
  if (fleet) {
    // The code's audit event names the user signed in (stores/fleet-grants.ts), in this sign-in's context.
    const location = await codeRedirect(
      fleet,
      {
        tenant: tenant.id,
        user: grant.user,
        email: admitted.email,
        authTime: session.created,
        amr: grant.amr,
      },
      issuerOf(tenant.hostname),
    );
    return htmlPage(302, { title: "Signed in", text: "Continue at your server." }, { location }, cookies);
  }
  return htmlPage(
    302,
    { title: "Signed in", text: "Signed in." },
    { location: `${session.cpSecurityToken}/api-shell/index.html` },
    cookies,
  );
}
