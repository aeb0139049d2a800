import { randomBytes } from "node:crypto";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { checkAuthorization } from "../fleet/authorization-request.js";
import { fleetRefusalPage } from "../fleet/pages.js";
import { withCallContext } from "../kernel/call-context.js";
import type { Tenant } from "../kernel/domain.js";
import { CHALLENGE_SECONDS, passkeyAnswer, signInOptions } from "../passkeys/ceremonies.js";
import { passkeyProof } from "../passkeys/proof.js";
import { invocation, type LambdaHandler } from "../runtime/handler.js";
import { htmlPage } from "../runtime/html-page.js";
import { errorFields, logger } from "../runtime/logger.js";
import type { WhmRequest } from "../runtime/request.js";
import { countSignal } from "../runtime/signals.js";
import { admit, Refused, signedIn } from "../sign-in/admission.js";
import { browserContext, browserRequest, tenantOfHost } from "../sign-in/browser.js";
import { refusalPage } from "../sign-in/pages.js";
import { PASSKEY_SCRIPT, passkeyForm } from "../sign-in/passkey-form.js";
import { recordEvent } from "../stores/audit.js";
import { keys } from "../stores/dynamo.js";
import { sha256 } from "../stores/hash.js";
import { PASSKEY_SIGN_IN } from "../stores/passkeys.js";
import { type FleetAuthorization, putSignIn, takeSignIn } from "../stores/sign-ins.js";

const PATH = "/openid/passkey";

/**
 * The browser's passkey cookie: a random value whose hash the challenge record keeps, so that
 * only the browser the challenge was given to can answer it. Strict: the answer is posted from
 * this page itself.
 */
const PASSKEY_COOKIE = "whm_passkey";
const passkeyCookie = (value: string, seconds: number, secure: boolean) =>
  `${PASSKEY_COOKIE}=${value}; Path=${PATH}; Max-Age=${seconds}; HttpOnly; SameSite=Strict${secure ? "; Secure" : ""}`;

/**
 * Beyond WHM: `/openid/passkey`, signing in with a passkey alone at the tenant's host. GET gives
 * the page with a fresh challenge (single use, 5 minutes, for this browser); POST takes the
 * authenticator's answer: a discoverable passkey registered at this host (the RP id), verifying
 * its user, starts the user's session as a provider sign-in would (the API Shell), or answers the
 * authorization request of the tenant's server the login page carried (docs/FLEET-SIGN-IN.md).
 * Every refusal is a page, recorded in the host tenant's audit trail, with nothing else stored.
 */
export const handler: LambdaHandler = (event, context) =>
  invocation("passkey_sign_in", context, (requestId) => serve(event, requestId));

async function serve(
  event: APIGatewayProxyEventV2,
  requestId: string,
): Promise<APIGatewayProxyStructuredResultV2> {
  let secure = true;
  try {
    const request = await browserRequest(event);
    secure = request.secure;
    const tenant = await tenantOfHost(request);
    if (!tenant) return refusalPage("unknown_host");
    if (event.requestContext.http.method !== "POST") return await challengePage(request, tenant);
    const context = browserContext(tenant.id, request, "passkey_sign_in", requestId);
    return await withCallContext(context, () =>
      answer(request, tenant).catch(async (error: unknown) => {
        if (error instanceof Refused)
          await recordEvent({ actor: "-", target: PASSKEY_SIGN_IN, outcome: "refused", detail: error.code });
        throw error;
      }),
    );
  } catch (error) {
    countSignal("SignInFailures", "passkey_sign_in");
    const cookies = [passkeyCookie("", 0, secure)];
    if (error instanceof Refused) return refusalPage(error.code, { cookies });
    logger.error("passkey sign-in failed", errorFields(error));
    return refusalPage("openid_unable_to_get_access_token", { cookies });
  }
}

/** The sign-in page: the passkey form with its challenge, and the server's request carried along. */
async function challengePage(
  request: WhmRequest,
  tenant: Tenant,
): Promise<APIGatewayProxyStructuredResultV2> {
  let fleet: FleetAuthorization | undefined;
  if (request.args.has("client_id")) {
    const checked = await checkAuthorization(tenant.id, request.args);
    if (checked.kind === "page") return fleetRefusalPage(checked.code);
    if (checked.kind === "redirect") return fleetRefusalPage("invalid_request");
    fleet = checked.request;
  }
  const options = await signInOptions(tenant);
  const browser = randomBytes(24).toString("base64url");
  await putSignIn(
    sha256(options.challenge),
    {
      kind: "passkey",
      tenant: tenant.id,
      purpose: "sign-in",
      browser: sha256(browser),
      ...(fleet ? { fleet } : {}),
    },
    CHALLENGE_SECONDS,
  );
  return htmlPage(
    200,
    {
      title: "Sign in",
      text: "Sign in with a passkey saved for this server.",
      code: "passkey",
      form: passkeyForm(PATH, options, "get", "Sign in with a passkey"),
      script: PASSKEY_SCRIPT,
    },
    {},
    [passkeyCookie(browser, CHALLENGE_SECONDS, request.secure)],
  );
}

/** The authenticator's answer: its challenge taken (once, by this browser), the passkey's proof checked. */
async function answer(request: WhmRequest, tenant: Tenant): Promise<APIGatewayProxyStructuredResultV2> {
  const answer = passkeyAnswer(request.args.get("credential")?.[0]);
  if (!answer) throw new Refused("passkey_not_accepted");
  const record = await takeSignIn(
    sha256(answer.challenge),
    sha256(request.cookies.get(PASSKEY_COOKIE) ?? ""),
  );
  if (record === "other-browser") throw new Refused("invalid_session");
  if (record === "none" || record.kind !== "passkey" || record.purpose !== "sign-in")
    throw new Refused("expired_session");
  // A challenge of another tenant's host: its passkeys are not this host's.
  if (record.tenant !== tenant.id) throw new Refused("invalid_session");
  const proof = await passkeyProof(tenant, answer);
  const admitted = await admit(tenant.id, proof.user, undefined, record.fleet);
  const { location, cookies } = await signedIn(
    request,
    tenant,
    admitted,
    {
      user: proof.user,
      provider: PASSKEY_SIGN_IN,
      subject: proof.credentialId,
      amr: [proof.amr],
      restsOn: keys.passkey(tenant.id, proof.credentialId),
    },
    "passkey_sign_in",
  );
  const text = admitted.fleet ? "Continue at your server." : "Signed in.";
  return htmlPage(302, { title: "Signed in", text }, { location }, [
    ...cookies,
    passkeyCookie("", 0, request.secure),
  ]);
}
