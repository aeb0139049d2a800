import { type ReconcileReport, reconcileAccounts } from "../stores/accounts.js";
import { purgeUser } from "./purge-user.js";
import { accountsFromExport, type DirectoryExport } from "./whm-export.js";

/** Brings a tenant's directory in line with one server's export (admin import and the push route). */
export function syncDirectory(tenant: string, exported: DirectoryExport): Promise<ReconcileReport> {
  return reconcileAccounts(tenant, exported.server, accountsFromExport(exported), purgeUser);
}
