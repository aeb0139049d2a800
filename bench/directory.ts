import { syncDirectory } from "../lambdas/accounts/sync.js";
import { listacctsRow } from "../test/helpers/whm-accounts.js";

export interface DirectoryImport {
  readonly accounts: number;
  readonly firstMs: number;
  readonly secondMs: number;
  readonly first: { added: number; updated: number; unchanged: number; removed: number };
  readonly second: { added: number; updated: number; unchanged: number; removed: number };
  readonly exportBytes: number;
}

/**
 * Imports a server's export of `count` accounts (every 20th a reseller owning the next 19) into a
 * fresh tenant twice, timing each: the first adds them all, the second must find nothing to write.
 */
export async function directoryImport(tenant: string, count: number): Promise<DirectoryImport> {
  const rows = Array.from({ length: count }, (_, i) =>
    listacctsRow(`user${i}`, { owner: i % 20 === 0 ? "root" : `user${i - (i % 20)}` }),
  );
  const exported = {
    server: "bench.example",
    listaccts: { data: { acct: rows }, metadata: { result: 1 } },
    listresellers: { data: { reseller: rows.filter((_, i) => i % 20 === 0).map((row) => String(row.user)) } },
    resellers: "",
  };
  const summary = (report: Awaited<ReturnType<typeof syncDirectory>>) => ({
    ...report,
    removed: report.removed.length,
  });
  let started = performance.now();
  const first = summary(await syncDirectory(tenant, exported));
  const firstMs = performance.now() - started;
  started = performance.now();
  const second = summary(await syncDirectory(tenant, exported));
  const secondMs = performance.now() - started;
  return { accounts: count, firstMs, secondMs, first, second, exportBytes: JSON.stringify(exported).length };
}
