import { AsyncLocalStorage } from "node:async_hooks";

/** Who acts in a call, as the audit trail names them: never a secret, token value or session id. */
export interface Actor {
  readonly user: string;
  /** How the caller authenticated: an API token, a browser session, a provider sign-in, the operator's admin command, a server's directory push. */
  readonly via: "token" | "session" | "sign-in" | "admin" | "push";
  /** The API token's name, when the authority comes from one (directly or through a session made with it). */
  readonly tokenName?: string;
}

/**
 * What every change made in a call is recorded with: set once by the entry point (a function's
 * handler, a browser route, the admin command), read by the stores that write.
 */
export interface CallContext {
  readonly tenant: string;
  readonly actor: Actor;
  readonly sourceIp: string;
  /** The WHM function, route or admin command. */
  readonly function: string;
  readonly requestId: string;
}

const current = new AsyncLocalStorage<CallContext>();

/** Runs a call's work in its context. */
export function withCallContext<T>(context: CallContext, work: () => Promise<T>): Promise<T> {
  return current.run(context, work);
}

/** The context of the current call, if an entry point set one. */
export function callContext(): CallContext | undefined {
  return current.getStore();
}

/** Runs work in the current call's context with another actor (a signed-in user acting through a sign-in). */
export function asActor<T>(actor: Actor, work: () => Promise<T>): Promise<T> {
  const context = current.getStore();
  return context ? current.run({ ...context, actor }, work) : work();
}
