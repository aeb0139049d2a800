import {
  type AuthenticationResponseJSON,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from "@simplewebauthn/server";
import { issuerOf, subjectOf } from "../fleet/issuer.js";
import type { Tenant } from "../kernel/domain.js";
import type { Passkey } from "../stores/passkeys.js";

/** How long a registration or sign-in may take between its challenge and its answer. */
export const CHALLENGE_SECONDS = 300;

/**
 * The WebAuthn relying party of a tenant: its host name is the RP id (a passkey made there is
 * offered only there, never at another tenant's host), and the answer must come from the
 * tenant's own origin, the one its OpenID Connect provider is named by.
 */
export interface RelyingPartyOfHost {
  readonly id: string;
  readonly origin: string;
}

export function relyingPartyOf(tenant: Tenant): RelyingPartyOfHost {
  return { id: tenant.hostname, origin: issuerOf(tenant.hostname) };
}

/** The user handle a passkey carries: opaque (the fleet `sub`), never the user name. */
function userHandleOf(tenant: Tenant, user: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Buffer.from(subjectOf(tenant.id, user)));
}

/** A passkey's answer whose shape is not a credential's, or that its checks refused. */
export class PasskeyRefused extends Error {}

/**
 * A passkey's answer as the browser posts it (the PublicKeyCredential's JSON), read once: the
 * challenge it signed (from its client data), before anything else is checked, and the id of the
 * passkey it names when that is base64url.
 */
export interface PasskeyAnswer {
  readonly challenge: string;
  readonly id?: string;
  readonly json: unknown;
}

/** The answer in `credential`, or undefined where it is not an answer's shape. */
export function passkeyAnswer(credential: string | undefined): PasskeyAnswer | undefined {
  try {
    const json = JSON.parse(credential ?? "") as { id?: unknown; response?: { clientDataJSON?: unknown } };
    const clientData = json?.response?.clientDataJSON;
    if (typeof clientData !== "string") return undefined;
    const challenge = (
      JSON.parse(Buffer.from(clientData, "base64url").toString("utf8")) as { challenge?: unknown }
    ).challenge;
    if (typeof challenge !== "string" || challenge.length > 128) return undefined;
    const id = typeof json.id === "string" && /^[A-Za-z0-9_-]{1,1400}$/.test(json.id) ? json.id : undefined;
    return { challenge, id, json };
  } catch {
    return undefined;
  }
}

/** Registration options: a discoverable credential with user verification (it may sign in alone). */
export function registrationOptions(tenant: Tenant, user: string, existing: readonly Passkey[]) {
  const rp = relyingPartyOf(tenant);
  return generateRegistrationOptions({
    rpName: rp.id,
    rpID: rp.id,
    userName: user,
    userID: userHandleOf(tenant, user),
    attestationType: "none",
    excludeCredentials: existing.map((p) => ({ id: p.credentialId })),
    authenticatorSelection: { residentKey: "required", userVerification: "required" },
    timeout: CHALLENGE_SECONDS * 1000,
  });
}

/** Checks a registration answer against its challenge, the tenant's RP id and origin. */
export async function verifiedRegistration(tenant: Tenant, answer: PasskeyAnswer) {
  const rp = relyingPartyOf(tenant);
  const verification = await verifyRegistrationResponse({
    response: answer.json as RegistrationResponseJSON,
    expectedChallenge: answer.challenge,
    expectedOrigin: rp.origin,
    expectedRPID: rp.id,
    requireUserVerification: true,
  }).catch((error: unknown) => {
    throw new PasskeyRefused((error as Error).message);
  });
  if (!verification.verified) throw new PasskeyRefused("not verified");
  const { credential: made, credentialDeviceType, credentialBackedUp } = verification.registrationInfo;
  return {
    credentialId: made.id,
    publicKey: Buffer.from(made.publicKey).toString("base64url"),
    counter: made.counter,
    transports: made.transports ?? [],
    deviceType: credentialDeviceType,
    backedUp: credentialBackedUp,
  };
}

/**
 * Sign-in options: with no passkeys named, any passkey of this RP id the authenticator holds
 * (discoverable, user verification required: it is the whole sign-in); as a second factor, the
 * user's own.
 */
export function signInOptions(tenant: Tenant, passkeys?: readonly Passkey[]) {
  return generateAuthenticationOptions({
    rpID: relyingPartyOf(tenant).id,
    userVerification: passkeys ? "preferred" : "required",
    allowCredentials: passkeys?.map((p) => ({ id: p.credentialId })),
    timeout: CHALLENGE_SECONDS * 1000,
  });
}

/**
 * Checks an assertion: its challenge, RP id, origin, signature by the stored key, a signature
 * counter that moved on (a cloned authenticator's does not), user verification where the passkey
 * is the whole sign-in, and, there, that the user handle is the passkey's user's.
 */
export async function verifiedAssertion(
  tenant: Tenant,
  answer: PasskeyAnswer,
  passkey: Passkey,
  alone: boolean,
) {
  const rp = relyingPartyOf(tenant);
  const response = answer.json as AuthenticationResponseJSON;
  const handle = Buffer.from(userHandleOf(tenant, passkey.username)).toString("base64url");
  if (alone && response.response?.userHandle !== handle) throw new PasskeyRefused("user handle");
  const verification = await verifyAuthenticationResponse({
    response,
    expectedChallenge: answer.challenge,
    expectedOrigin: rp.origin,
    expectedRPID: rp.id,
    credential: {
      id: passkey.credentialId,
      publicKey: new Uint8Array(Buffer.from(passkey.publicKey, "base64url")),
      counter: passkey.counter,
    },
    requireUserVerification: alone,
  }).catch((error: unknown) => {
    throw new PasskeyRefused((error as Error).message);
  });
  if (!verification.verified) throw new PasskeyRefused("not verified");
  const { newCounter, credentialBackedUp, credentialDeviceType } = verification.authenticationInfo;
  return {
    counter: newCounter,
    backedUp: credentialBackedUp,
    // RFC 8176: a key a synced passkey keeps in software, or one bound to its hardware.
    amr: credentialDeviceType === "multiDevice" ? "swk" : "hwk",
  } as const;
}
