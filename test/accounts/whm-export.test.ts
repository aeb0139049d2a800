import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { accountsFromExport, ExportError } from "../../lambdas/accounts/whm-export.js";
import { listacctsOutput, listacctsRow, listresellersOutput } from "../helpers/whm-accounts.js";

describe("reading a server's whmapi1 output into directory accounts", () => {
  it("makes resellers of the users listresellers names, with their ACLs from /var/cpanel/resellers", () => {
    const accounts = accountsFromExport({
      server: "srv1.example",
      listaccts: listacctsOutput([
        listacctsRow("res1"),
        listacctsRow("bob", { owner: "res1", suspended: true }),
      ]),
      listresellers: listresellersOutput(["res1"]),
      resellers: "res1:list-accts,create-user-session\n",
    });
    assert.deepEqual(
      accounts.map(({ record: _record, ...account }) => account),
      [
        {
          user: "res1",
          kind: "reseller",
          owner: "root",
          acls: ["list-accts", "create-user-session"],
          suspended: false,
          domain: "res1.example",
          email: "res1@mail.example",
        },
        {
          user: "bob",
          kind: "cpanel",
          owner: "res1",
          acls: [],
          suspended: true,
          domain: "bob.example",
          email: "bob@mail.example",
        },
      ],
    );
  });

  it("keeps each account's listaccts record as printed", () => {
    const row = listacctsRow("bob");
    const [account] = accountsFromExport({ server: "srv1", listaccts: listacctsOutput([row]) });
    assert.deepEqual(account?.record, row);
  });

  it("accepts the bare data object as well as whmapi1's whole answer", () => {
    const accounts = accountsFromExport({ server: "srv1", listaccts: { acct: [listacctsRow("bob")] } });
    assert.equal(accounts[0]?.user, "bob");
  });

  it("refuses output that is not WHM's shape, a bad user name, or a bad server name", () => {
    assert.throws(
      () => accountsFromExport({ server: "srv1", listaccts: { data: { acct: "x" } } }),
      ExportError,
    );
    assert.throws(
      () => accountsFromExport({ server: "srv1", listaccts: listacctsOutput([{ user: "../etc" }]) }),
      /is not a valid user name/,
    );
    assert.throws(
      () => accountsFromExport({ server: "bad server", listaccts: listacctsOutput([]) }),
      /host name/,
    );
  });

  it("never lets an export describe root", () => {
    const accounts = accountsFromExport({
      server: "srv1",
      listaccts: listacctsOutput([listacctsRow("root")]),
    });
    assert.deepEqual(accounts, []);
  });
});
