/**
 * The domain's shared shapes: what every layer names (a tenant, a WHM service, a caller, an
 * item's key) and none of them owns.
 */

/** Cpanel/Security/Authn/Config.pm `@ALLOWED_SERVICES`, in its order. */
export const ALLOWED_SERVICES = ["cpaneld", "webmaild", "whostmgrd"] as const;
export type Service = (typeof ALLOWED_SERVICES)[number];

/** How a provider's login button looks on a service (WHM's display configuration). */
export type DisplayConfiguration = Record<string, string>;

export interface Tenant {
  readonly id: string;
  readonly hostname: string;
  /** The server's public IP address, which the support portal's licence records are keyed by. */
  readonly ip?: string;
}

/** A table item's key. */
export interface ItemKey {
  readonly pk: string;
  readonly sk: string;
}

export interface Principal {
  readonly tenant: string;
  readonly user: string;
  readonly acls: readonly string[];
  /** The key of the caller's current session record (see stores/sessions.ts). */
  readonly sessionKey: string;
  readonly via: "token" | "session";
  readonly tokenName?: string;
  /** The API token (hash) the call's authority comes from, directly or through a session made with it. */
  readonly credential: string;
  /** When that authority ends (epoch seconds), if it does. */
  readonly credentialExpires?: number;
  /** The item that authority rests on (the API token's, or a sign-in's link): what a session made from it checks. */
  readonly origin: ItemKey;
  /** The addresses the authority is limited to (the token's `whitelist_ip`), carried into sessions made with it. */
  readonly allowedIps?: readonly string[];
}

/** Who a credential belongs to, as a container last saw it: what a function's `reads` are keyed by. */
export type Caller = Pick<Principal, "tenant" | "user" | "acls" | "sessionKey">;
