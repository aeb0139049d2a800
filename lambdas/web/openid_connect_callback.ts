import { randomBytes } from "node:crypto";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { asActor, withCallContext } from "../kernel/call-context.js";
import type { Tenant } from "../kernel/domain.js";
import { WhmError } from "../kernel/errors.js";
import { passkeyAnswer, signInOptions } from "../passkeys/ceremonies.js";
import { passkeyProof } from "../passkeys/proof.js";
import { invocation, type LambdaHandler } from "../runtime/handler.js";
import { htmlPage } from "../runtime/html-page.js";
import { errorFields, logger } from "../runtime/logger.js";
import type { WhmRequest } from "../runtime/request.js";
import { countSignal } from "../runtime/signals.js";
import { type Admitted, admit, type Proven, Refused, signedIn } from "../sign-in/admission.js";
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
import { recordEvent } from "../stores/audit.js";
import { sha256 } from "../stores/hash.js";
import { addLink, findLink, IdentityLinkedElsewhere } from "../stores/links.js";
import { listPasskeys } from "../stores/passkeys.js";
import { getSession } from "../stores/sessions.js";
import { putSignIn, type SignInRecord, takeSignIn } from "../stores/sign-ins.js";
import { getTwoFactorUser, isPolicyEnabled, useTwoFactorStep } from "../stores/two-factor.js";
import { checkCode } from "../two-factor/codes.js";

/** How long the security-code step may wait. */
const CODE_STEP_SECONDS = 300;

/**
 * cpsrvd's `/openid_connect_callback/PROVIDER`: the provider's return. The sign-in record named by
 * `state` is taken (single use) and must belong to this browser, provider and tenant; the code is
 * redeemed and the ID token verified; the identity's linked user then gets a WHM session exactly
 * like create_user_session's (cookie and `/cpsess` token), after a security code or one of the
 * user's passkeys when the tenant's policy requires two-factor authentication and the user has
 * either (POST back here with the code or the passkey's answer).
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
  if (record.kind !== "passkey" && record.provider !== providerId) throw new Refused("invalid_session");
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
  const [policy, twoFactor, passkeys] = await Promise.all([
    isPolicyEnabled(tenant.id),
    getTwoFactorUser(tenant.id, user),
    listPasskeys(tenant.id, user),
  ]);
  // The policy is met by a security code or by one of the user's passkeys.
  if (policy && (twoFactor || passkeys.length)) {
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
    const passkey = passkeys.length ? await signInOptions(tenant, passkeys) : undefined;
    if (passkey)
      await putSignIn(
        sha256(passkey.challenge),
        { kind: "passkey", tenant: tenant.id, purpose: "second-factor", browser: record.browser, user },
        CODE_STEP_SECONDS,
      );
    return securityCodePage(`/openid_connect_callback/${providerId}`, pending, {
      totp: Boolean(twoFactor),
      passkey,
    });
  }
  return signedInPage(request, tenant, admitted, {
    user,
    provider: providerId,
    subject: identity.subject,
    grant: link.grant,
    amr: ["fed"],
  });
}

/**
 * The second step: a passkey of the user's answering the challenge the page gave, or a security
 * code that is right and of a time step not used before.
 */
async function codeStep(request: WhmRequest, providerId: string, hostTenant: Tenant | undefined) {
  const pending = argument(request, "pending");
  if (!pending) throw new Refused("expired_session");
  const { record, tenant } = await claim(request, providerId, pending, "code", hostTenant);
  const admitted = await admit(tenant.id, record.user, record.grant, record.fleet);
  const proven = { user: record.user, provider: providerId, subject: record.subject, grant: record.grant };
  const credential = argument(request, "credential");
  if (credential) {
    const answer = passkeyAnswer(credential);
    if (!answer) throw new Refused("passkey_not_accepted");
    const { record: step } = await claim(request, providerId, answer.challenge, "passkey", hostTenant);
    if (step.purpose !== "second-factor" || step.user !== record.user) throw new Refused("invalid_session");
    const { amr } = await passkeyProof(tenant, answer, record.user);
    return signedInPage(request, tenant, admitted, { ...proven, amr: ["fed", amr] });
  }
  const twoFactor = await getTwoFactorUser(tenant.id, record.user);
  // A user whose only second factor is a passkey gives no security code instead.
  if (!twoFactor && (await listPasskeys(tenant.id, record.user)).length)
    throw new Refused("invalid_security_code");
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
  return signedInPage(request, tenant, admitted, { ...proven, amr: twoFactor ? ["fed", "otp"] : ["fed"] });
}

/** The session started, the browser sent on: to the API Shell, or back to the server that asked. */
async function signedInPage(request: WhmRequest, tenant: Tenant, admitted: Admitted, proven: Proven) {
  const { location, cookies } = await signedIn(request, tenant, admitted, proven, "openid_connect_callback");
  const text = admitted.fleet ? "Continue at your server." : "Signed in.";
  return htmlPage(302, { title: "Signed in", text }, { location }, cookies);
}
