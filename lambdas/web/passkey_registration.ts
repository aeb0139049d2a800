import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { withCallContext } from "../kernel/call-context.js";
import type { Principal, Tenant } from "../kernel/domain.js";
import {
  CHALLENGE_SECONDS,
  PasskeyRefused,
  passkeyAnswer,
  registrationOptions,
  verifiedRegistration,
} from "../passkeys/ceremonies.js";
import { authenticate } from "../runtime/auth.js";
import { invocation, type LambdaHandler } from "../runtime/handler.js";
import { htmlEscaped, htmlPage } from "../runtime/html-page.js";
import { errorFields, logger } from "../runtime/logger.js";
import type { WhmRequest } from "../runtime/request.js";
import { browserContext, browserRequest, tenantOfHost } from "../sign-in/browser.js";
import { PASSKEY_SCRIPT, passkeyForm } from "../sign-in/passkey-form.js";
import { sha256 } from "../stores/hash.js";
import { listPasskeys, type Passkey, putPasskey, removePasskey } from "../stores/passkeys.js";
import { putSignIn, takeSignIn } from "../stores/sign-ins.js";

/** What a passkey may be called: what its owner will recognize it by in lists. */
const NAME = /^[\p{L}\p{N} ._'()-]{1,64}$/u;

/**
 * Beyond WHM: `/cpsessNNNNNNNNNN/passkeys`, a signed-in user's own passkeys at the tenant's host.
 * GET lists them with a form to add one (a fresh challenge, single use, 5 minutes, for this
 * session only); POST adds the passkey the authenticator made (named, discoverable, user
 * verified, at this host's RP id and origin) or removes one of the user's (`remove`). Root lists
 * and removes anyone's with list_passkeys and remove_passkey.
 */
export const handler: LambdaHandler = (event, context) =>
  invocation("passkey_registration", context, (requestId) => serve(event, requestId));

async function serve(
  event: APIGatewayProxyEventV2,
  requestId: string,
): Promise<APIGatewayProxyStructuredResultV2> {
  const cpsess = /^\/cpsess(\d{10})\/passkeys\/?$/.exec(event.rawPath)?.[1];
  try {
    if (!cpsess) return page(401, "Sign in to WHM first, then add passkeys from your session.");
    const request = await browserRequest(event, cpsess);
    const [tenant, caller] = await Promise.all([tenantOfHost(request), authenticate(request)]);
    if (
      !tenant ||
      !("principal" in caller) ||
      caller.principal.via !== "session" ||
      caller.principal.tenant !== tenant.id
    )
      return page(401, "Sign in to WHM first, then add passkeys from your session.");
    const { principal } = caller;
    if (event.requestContext.http.method !== "POST") return await listing(tenant, principal, cpsess);
    const context = browserContext(tenant.id, request, "passkey_registration", requestId, {
      user: principal.user,
      via: "session",
    });
    const problem = await withCallContext(context, () => change(request, tenant, principal));
    if (problem) return page(400, problem, cpsess);
    return htmlPage(302, { title: "Passkeys", text: "Saved." }, { location: `/cpsess${cpsess}/passkeys` });
  } catch (error) {
    logger.error("passkey registration failed", errorFields(error));
    return page(500, "The passkeys could not be changed right now. Try again later.", cpsess);
  }
}

function page(status: number, text: string, cpsess?: string): APIGatewayProxyStructuredResultV2 {
  const next = cpsess ? { href: `/cpsess${cpsess}/passkeys`, label: "Back to your passkeys" } : undefined;
  return htmlPage(status, { title: "Passkeys", text, next });
}

const day = (seconds: number | undefined) =>
  seconds === undefined ? "never" : new Date(seconds * 1000).toISOString().slice(0, 10);

/** The user's passkeys, each with a remove button, and the form that adds one. */
async function listing(tenant: Tenant, principal: Principal, cpsess: string) {
  const action = `/cpsess${cpsess}/passkeys`;
  const passkeys = await listPasskeys(tenant.id, principal.user);
  const options = await registrationOptions(tenant, principal.user, passkeys);
  await putSignIn(
    sha256(options.challenge),
    {
      kind: "passkey",
      tenant: tenant.id,
      purpose: "register",
      browser: principal.sessionKey,
      user: principal.user,
    },
    CHALLENGE_SECONDS,
  );
  const rows = passkeys.map(
    (p: Passkey) =>
      `<form method="post" action="${action}"><p>${htmlEscaped(p.name)} · added ${day(p.created)} · last used ${day(p.lastUsed)}${p.backedUp ? " · backed up" : ""}
<input type="hidden" name="remove" value="${p.credentialId}"> <button type="submit">Remove</button></p></form>`,
  );
  const name = `<label for="passkey-name">Name of the new passkey</label><input id="passkey-name" name="name" maxlength="64" required value="Passkey ${passkeys.length + 1}">`;
  return htmlPage(200, {
    title: "Passkeys",
    text: passkeys.length
      ? `Passkeys of ${htmlEscaped(principal.user)} at ${htmlEscaped(tenant.hostname)}:`
      : `${htmlEscaped(principal.user)} has no passkey at ${htmlEscaped(tenant.hostname)} yet.`,
    form: rows.join("\n") + passkeyForm(action, options, "create", "Add a passkey", {}, name),
    script: PASSKEY_SCRIPT,
  });
}

/** Adds the passkey the authenticator made, or removes one: what went wrong, or undefined. */
async function change(
  request: WhmRequest,
  tenant: Tenant,
  principal: Principal,
): Promise<string | undefined> {
  const remove = request.args.get("remove")?.[0];
  if (remove !== undefined)
    return (await removePasskey(tenant.id, principal.user, remove)) ? undefined : "You have no such passkey.";
  const name = request.args.get("name")?.[0]?.trim() ?? "";
  if (!NAME.test(name)) return "Give the passkey a name of 1 to 64 letters, digits, spaces or . _ ' ( ) -.";
  const answer = passkeyAnswer(request.args.get("credential")?.[0]);
  if (!answer) return "The authenticator's answer is missing. Try again.";
  const record = await takeSignIn(sha256(answer.challenge), principal.sessionKey);
  if (
    record === "other-browser" ||
    record === "none" ||
    record.kind !== "passkey" ||
    record.purpose !== "register"
  )
    return "This passkey request has expired or was already used. Try again.";
  if (record.tenant !== tenant.id || record.user !== principal.user)
    return "This passkey request is not yours.";
  const made = await verifiedRegistration(tenant, answer).catch((error: unknown) => {
    if (error instanceof PasskeyRefused) return undefined;
    throw error;
  });
  if (!made) return "The authenticator's answer was not accepted. Try again.";
  const stored = await putPasskey(tenant.id, { ...made, username: principal.user, name });
  return stored ? undefined : "This passkey is registered already.";
}
