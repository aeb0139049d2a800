import type { DirectoryExport } from "../lambdas/accounts/whm-export.js";

/** One account as `whmapi1 listaccts` prints it (the fields of Whostmgr/Accounts/List.pm). */
export function listacctsRow(
  user: string,
  options: { owner?: string; domain?: string; suspended?: boolean; plan?: string; ip?: string } = {},
): Record<string, unknown> {
  const suspended = options.suspended ?? false;
  return {
    backup: 0,
    child_nodes: [],
    disklimit: "unlimited",
    diskused: "12M",
    domain: options.domain ?? `${user}.example`,
    email: `${user}@mail.example`,
    has_backup: 0,
    inodeslimit: "unlimited",
    inodesused: 120,
    ip: options.ip ?? "192.0.2.10",
    ipv6: [],
    is_locked: 0,
    legacy_backup: 0,
    mailbox_format: "maildir",
    max_defer_fail_percentage: "unlimited",
    max_email_per_hour: "unlimited",
    max_emailacct_quota: "unlimited",
    maxaddons: "*unknown*",
    maxftp: "unlimited",
    maxlst: "unlimited",
    maxparked: "*unknown*",
    maxpop: "unlimited",
    maxsql: "unlimited",
    maxsub: "unlimited",
    min_defer_fail_to_trigger_protection: 5,
    outgoing_mail_hold: 0,
    outgoing_mail_suspended: 0,
    owner: options.owner ?? "root",
    partition: "home",
    plan: options.plan ?? "default",
    shell: "/bin/bash",
    startdate: "24 Jan 01 10:00",
    suspended: suspended ? 1 : 0,
    suspendreason: suspended ? "billing" : "not suspended",
    suspendtime: suspended ? 1_700_000_000 : 0,
    temporary: 0,
    theme: "jupiter",
    uid: 1000,
    unix_startdate: 1_704_103_200,
    user,
  };
}

/** whmapi1's JSON for listaccts. */
export const listacctsOutput = (rows: Array<Record<string, unknown>>) => ({
  data: { acct: rows },
  metadata: { command: "listaccts", reason: "OK", result: 1, version: 1 },
});

/** whmapi1's JSON for listresellers. */
export const listresellersOutput = (names: string[]) => ({
  data: { reseller: names },
  metadata: { command: "listresellers", reason: "OK", result: 1, version: 1 },
});

/**
 * The directory `npm start` loads on its first start, so the README's examples have accounts to
 * act on: resellers res1 (owns bob, carol) and res2 (owns dave), and root's erin (suspended), as if
 * imported from server `srv1`.
 */
export const DEMO_DIRECTORY: DirectoryExport = {
  server: "srv1",
  listaccts: listacctsOutput([
    listacctsRow("res1"),
    listacctsRow("res2"),
    listacctsRow("bob", { owner: "res1", plan: "gold" }),
    listacctsRow("carol", { owner: "res1", ip: "192.0.2.20" }),
    listacctsRow("dave", { owner: "res2" }),
    listacctsRow("erin", { suspended: true }),
  ]),
  listresellers: listresellersOutput(["res1", "res2"]),
  resellers: "res1:list-accts,create-user-session,manage-api-tokens\nres2:list-accts\n",
};
