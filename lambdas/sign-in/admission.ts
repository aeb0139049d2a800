import { codeRedirect } from "../fleet/code-grant.js";
import { issuerOf } from "../fleet/issuer.js";
import { mayUse } from "../fleet/server-access.js";
import { ssoCookie } from "../fleet/sso-cookie.js";
import type { Tenant } from "../kernel/domain.js";
import { sessionCookie } from "../runtime/auth.js";
import type { WhmRequest } from "../runtime/request.js";
import { countSignal } from "../runtime/signals.js";
import { currentAcls, getAccount } from "../stores/accounts.js";
import type { LinkGrant } from "../stores/links.js";
import { getRelyingParty } from "../stores/relying-parties.js";
import { type SignInGrant, startSignInSession } from "../stores/sessions.js";
import type { FleetAuthorization } from "../stores/sign-ins.js";
import { clearedSignInCookie } from "./browser.js";
import type { RefusalCode } from "./pages.js";

/** A sign-in stopped, with the code of its refusal page. */
export class Refused extends Error {
  constructor(readonly code: RefusalCode) {
    super(code);
  }
}

/** Who signs in, to what: the session's privileges and service, and the server it answers, if any. */
export interface Admitted {
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
export async function admit(
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

/** What a sign-in proved: who, with what (a provider's identity or a passkey), how (`amr`). */
export type Proven = Omit<SignInGrant, "tenant" | "acls" | "service">;

/**
 * Starts the session of whom the sign-in proved, with what `admit` let them have: where the
 * browser goes next (the API Shell, or the server that asked with its code) and the cookies.
 */
export async function signedIn(
  request: WhmRequest,
  tenant: Tenant,
  admitted: Admitted,
  proven: Proven,
  route: string,
): Promise<{ location: string; cookies: string[] }> {
  const grant = { ...proven, tenant: tenant.id, acls: admitted.acls, service: admitted.service };
  const session = await startSignInSession(grant);
  // The identity was unlinked (the passkey removed) between the lookup and the session.
  if (!session) throw new Refused("no_linked_account");
  countSignal("SignInSuccesses", route);
  const cookies = [
    sessionCookie(session.sessionId, request.secure),
    ssoCookie(session.sessionId, request.secure),
    clearedSignInCookie(request.secure),
  ];
  const { fleet } = admitted;
  if (!fleet) return { location: `${session.cpSecurityToken}/api-shell/index.html`, cookies };
  // The code's audit event names the user signed in (stores/fleet-grants.ts), in this sign-in's context.
  const location = await codeRedirect(
    fleet,
    { tenant: tenant.id, user: grant.user, email: admitted.email, authTime: session.created, amr: grant.amr },
    issuerOf(tenant.hostname),
  );
  return { location, cookies };
}
