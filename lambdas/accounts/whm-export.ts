import type { Account } from "../stores/accounts.js";
import { USERNAME } from "../stores/accounts.js";

/**
 * What a tenant's server sends to fill the directory: the JSON that `whmapi1 --output=json`
 * prints for `listaccts` and `listresellers`, and the text of `/var/cpanel/resellers` (each
 * reseller's ACLs, one `name:acl,acl,...` line each), as they come from the server.
 */
export interface DirectoryExport {
  /** A name for the server (its hostname): its next export replaces what it reported before. */
  readonly server: string;
  readonly listaccts: unknown;
  readonly listresellers?: unknown;
  readonly resellers?: string;
  /** The server has no accounts: without it, an export listing none is refused (a failed listaccts looks alike). */
  readonly empty_server?: boolean;
  /** Removals past the threshold (see accounts/sync.ts) are meant: without it, such an export is refused. */
  readonly confirm_removals?: boolean;
}

export class ExportError extends Error {}

const SERVER_NAME = /^[A-Za-z0-9][A-Za-z0-9.-]{0,252}$/;

/**
 * `data.X` of a successful WHM API 1 answer (whmapi1's JSON), or of the bare data object; an
 * error answer (`metadata.result` 0, e.g. an expired licence) is refused with its reason, so that
 * a failed whmapi1 run can never read as a server without accounts.
 */
function dataOf(answer: unknown, key: string, what: string): unknown {
  if (answer === null || typeof answer !== "object" || Array.isArray(answer)) return undefined;
  const object = answer as Record<string, unknown>;
  const metadata = object.metadata as Record<string, unknown> | undefined;
  if (metadata !== null && typeof metadata === "object" && Number(metadata.result) !== 1) {
    throw new ExportError(
      `“${what}” is whmapi1's error answer (${String(metadata.reason ?? "no reason").slice(0, 200)}), not its output: nothing was changed.`,
    );
  }
  const data = Object.hasOwn(object, "data") ? object.data : object;
  if (data === null || typeof data !== "object") return undefined;
  return Object.hasOwn(data, key) ? (data as Record<string, unknown>)[key] : undefined;
}

/** `/var/cpanel/resellers`: `name:acl1,acl2,...` per line. */
function resellerAcls(text: string | undefined): Map<string, string[]> {
  const acls = new Map<string, string[]>();
  for (const line of (text ?? "").split(/\r?\n/)) {
    const at = line.indexOf(":");
    if (at <= 0) continue;
    const list = line
      .slice(at + 1)
      .split(",")
      .map((acl) => acl.trim())
      .filter(Boolean);
    acls.set(line.slice(0, at).trim(), list);
  }
  return acls;
}

/** listaccts' `email`: the first contact address, or none (`*unknown*`). */
function firstEmail(value: unknown): string | undefined {
  const first =
    String(value ?? "")
      .split(",")[0]
      ?.trim() ?? "";
  return first && first !== "*unknown*" ? first : undefined;
}

/** The accounts a server's export describes; throws ExportError when it is not WHM's shape. */
export function accountsFromExport(exported: DirectoryExport): Account[] {
  if (typeof exported.server !== "string" || !SERVER_NAME.test(exported.server)) {
    throw new ExportError("“server” must be the server's host name.");
  }
  const rows = dataOf(exported.listaccts, "acct", "listaccts");
  if (!Array.isArray(rows)) throw new ExportError("“listaccts” is not the output of whmapi1 listaccts.");
  if (!rows.length && exported.empty_server !== true) {
    throw new ExportError(
      "“listaccts” lists no accounts: send “empty_server”: true if this server really has none (every account it reported would be removed).",
    );
  }
  const resellerNames =
    exported.listresellers === undefined ? [] : dataOf(exported.listresellers, "reseller", "listresellers");
  if (!Array.isArray(resellerNames)) {
    throw new ExportError("“listresellers” is not the output of whmapi1 listresellers.");
  }
  const resellers = new Set(resellerNames.map(String));
  const acls = resellerAcls(exported.resellers);
  const accounts: Account[] = [];
  for (const row of rows) {
    if (row === null || typeof row !== "object" || Array.isArray(row)) {
      throw new ExportError("“listaccts” holds an account that is not an object.");
    }
    const record = row as Record<string, unknown>;
    const user = String(record.user ?? "");
    if (user === "root") continue;
    if (!USERNAME.test(user)) throw new ExportError(`“${user.slice(0, 64)}” is not a valid user name.`);
    const isReseller = resellers.has(user);
    accounts.push({
      user,
      kind: isReseller ? "reseller" : "cpanel",
      owner: String(record.owner ?? "root") || "root",
      acls: isReseller ? (acls.get(user) ?? []) : [],
      suspended: Number(record.suspended) === 1,
      domain: typeof record.domain === "string" && record.domain !== "*unknown*" ? record.domain : undefined,
      email: firstEmail(record.email),
      record,
    });
  }
  return accounts;
}
