import {
  type Account,
  type ReconcilePlan,
  type ReconcileReport,
  reconcileAccounts,
} from "../stores/accounts.js";
import { recordEvent } from "../stores/audit.js";
import { purgeUser } from "./purge-user.js";
import { accountsFromExport, type DirectoryExport, ExportError } from "./whm-export.js";

/**
 * Removals one export may make without `confirm_removals`: up to this many accounts, or up to
 * this share of what the server reported before, whichever is more. A server losing most of its
 * accounts at once is far likelier a broken export than a real change.
 */
export const UNCONFIRMED_REMOVALS = { accounts: 5, share: 0.2 } as const;

function removalsConfirmed(exported: DirectoryExport) {
  return ({ serverAccounts, removed }: ReconcilePlan) => {
    const allowed = Math.max(
      UNCONFIRMED_REMOVALS.accounts,
      Math.floor(serverAccounts * UNCONFIRMED_REMOVALS.share),
    );
    if (removed.length > allowed && exported.confirm_removals !== true && exported.empty_server !== true) {
      throw new ExportError(
        `This export would remove ${removed.length} of the ${serverAccounts} accounts “${exported.server}” reported, with their links, tokens and sessions: send “confirm_removals”: true if that is meant. Nothing was changed.`,
      );
    }
  };
}

/**
 * Reseller privileges an export may give: `all` (root's equal) only when the one pushing holds
 * `all` itself; a push by a `directory-sync` token cannot make a reseller root.
 */
function withinPusher(accounts: Account[], pusher: { acls: readonly string[] } | undefined): Account[] {
  if (!pusher || pusher.acls.includes("all")) return accounts;
  return accounts.map((account) =>
    account.acls.includes("all")
      ? { ...account, acls: account.acls.filter((acl) => acl !== "all") }
      : account,
  );
}

/**
 * Brings a tenant's directory in line with one server's export (admin import and the push route):
 * nothing is written when the export is not whmapi1's successful output, lists no accounts without
 * `empty_server`, or removes more than UNCONFIRMED_REMOVALS without `confirm_removals`.
 */
export async function syncDirectory(
  tenant: string,
  exported: DirectoryExport,
  pusher?: { acls: readonly string[] },
): Promise<ReconcileReport> {
  const accounts = withinPusher(accountsFromExport(exported), pusher);
  const report = await reconcileAccounts(
    tenant,
    exported.server,
    accounts,
    purgeUser,
    removalsConfirmed(exported),
  );
  // Account items are written in batches (a directory is larger than a transaction): one event
  // sums the sync up once it is done; each removed user's tokens and links record their own.
  const removed = report.removed.length ? ` (${report.removed.join(", ")})` : "";
  await recordEvent(
    {
      target: `server/${exported.server}`,
      detail: `${report.added} added, ${report.updated} updated, ${report.removed.length} removed${removed}`,
    },
    tenant,
  );
  return report;
}
