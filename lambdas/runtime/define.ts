import type { Logger } from "@aws-lambda-powertools/logger";
import type { Caller, ItemKey, Principal, Tenant } from "../kernel/domain.js";
import type { WhmError } from "../kernel/errors.js";
import type { PageRequest } from "../stores/dynamo.js";
import type { Schema } from "./schema.js";

/** How a parameter arrives and is checked before `run` sees it. */
export interface ParamSpec {
  readonly description: string;
  /** `string` (default), `integer`, `boolean` (0/1) or `json` (a JSON text, parsed). */
  readonly type?: "string" | "integer" | "boolean" | "json";
  /** Must be present (WHM's `get_required_argument`). */
  readonly required?: boolean;
  /** The error for a missing required value, where the reference has its own text. */
  readonly missingError?: () => WhmError;
  /** Must not be empty when present (WHM's `get_length_*_argument`). */
  readonly nonEmpty?: boolean;
  readonly enum?: readonly string[];
  /** The error for a value outside `enum`, where the reference has its own text. */
  readonly enumError?: (value: string) => WhmError;
  readonly maxLength?: number;
  /** Numbered repeats: `acl`, `acl-1`, `acl-2`, ... gathered into a list. */
  readonly repeated?: boolean;
  readonly example?: string;
}

export type Params = Readonly<Record<string, ParamSpec>>;

type ValueOf<S extends ParamSpec> = S["repeated"] extends true
  ? string[]
  : S["type"] extends "json"
    ? unknown
    : S["type"] extends "integer"
      ? number
      : S["type"] extends "boolean"
        ? boolean
        : string;

/** The validated arguments a handler receives, typed from its parameter declarations. */
export type Args<P extends Params> = {
  readonly [K in keyof P]: P[K]["required"] extends true
    ? ValueOf<P[K]>
    : P[K]["repeated"] extends true
      ? ValueOf<P[K]>
      : ValueOf<P[K]> | undefined;
};

/**
 * A list function's answer may carry the cursor of its list's next page under this key: the
 * handler puts it in `metadata.chunk.next`; it is never rendered as data.
 */
export const NEXT_PAGE: unique symbol = Symbol("next page");

/**
 * The caller's tenant: its id at once (it comes with the credential), its record (host name, IP)
 * only when asked for, so a function that needs no more than the id costs no read for it.
 */
export interface TenantRef {
  readonly id: string;
  record(): Promise<Tenant>;
}

export interface CallContext {
  readonly principal: Principal;
  readonly tenant: TenantRef;
  /** The page a list function reads (stores/dynamo.ts `tenantPage`): one page per call. */
  readonly page: PageRequest;
  readonly requestId: string;
  readonly log: Logger;
}

export type Data = Record<string, unknown> & { [NEXT_PAGE]?: string };

export interface FunctionDefinition<P extends Params = Params> {
  /** The WHM API 1 function name, as in `/json-api/NAME`. */
  readonly name: string;
  /** The reference module that implements it; named in missing-parameter errors as WHM does. */
  readonly perlModule: string;
  readonly summary: string;
  /** The WHM ACL a caller needs (`all` = root). */
  readonly acl: string;
  readonly params: P;
  /** The key of `data` holding the record list that the `api.*` output options act on. */
  readonly listKey?: string;
  /**
   * The function's WHM API 0 answer, for the few functions API 0 also has (Whostmgr/XMLUI): WHM
   * serves API 0 to calls without `api.version`, and scripts written for it read its shape.
   */
  readonly api0?: (
    outcome: { readonly data?: Data } | { readonly reason: string },
  ) => Record<string, unknown>;
  /** `metadata.reason` on success where the reference sets its own (default "OK"). */
  readonly okReason?: string;
  /** The shape of `data` on success; absent for functions that answer metadata only. */
  readonly returns?: Schema;
  /**
   * The items `run` reads by key, from the caller and the arguments. Once a container has seen a
   * token, they are read in the same consistent batch as the token itself (runtime/auth.ts), so
   * the call makes one round trip; a key left out or added only costs that saving or a read.
   */
  readonly reads?: (caller: Caller, args: Args<P>) => readonly ItemKey[];
  /** Returns `data`, or `undefined` for a metadata-only answer; throws WhmError to fail. */
  run(ctx: CallContext, args: Args<P>): Promise<Data | undefined>;
}

/** Declares a WHM function; the identity function that gives handlers their argument types. */
export function defineFunction<const P extends Params>(
  definition: FunctionDefinition<P>,
): FunctionDefinition<P> {
  return definition;
}
