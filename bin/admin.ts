/** `npm run admin -- COMMAND`: tenant administration; `npm run admin -- --help` lists the commands. */
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { isIP } from "node:net";
import { parseArgs } from "node:util";
import { syncDirectory } from "../lambdas/accounts/sync.js";
import { type CallContext, withCallContext } from "../lambdas/kernel/call-context.js";
import { recordEvent } from "../lambdas/stores/audit.js";
import { secretStore } from "../lambdas/stores/secrets/index.js";
import { tableStage } from "../lambdas/stores/table-stage.js";
import {
  createTenantWithRootToken,
  deleteTenant,
  endSessionByHash,
  getTenant,
  listCredentials,
  listTenants,
  rotateRootToken,
  setTenantIp,
  tenantFootprint,
} from "../lambdas/stores/tenants.js";
import { revokeToken } from "../lambdas/stores/tokens.js";
import { LOCAL_AWS_ENV } from "../local/dynamodb-local.js";
import { dataDir, LOCAL_TENANT_ID, readRunningStack, writeRootTokenFile } from "../local/running-stack.js";

const USAGE = `npm run admin -- COMMAND [options]: tenant administration, against the running local
stack (--local) or a deployed stage (--table NAME --stage STAGE [--region R], table name from the
stack outputs; the table's whm:stage tag must name that stage). --dry-run shows what a command would touch.

  create-tenant --id ID --hostname HOST [--ip IP]
                                            creates a tenant and prints its root token (once)
  set-tenant-ip --id ID --ip IP             sets the server address the support portal knows it by
  list-tenants                              lists tenants
  rotate-root-token --id ID                 replaces the root token and prints the new one
                                            (--local --id local also rewrites .local/root-token)
  delete-tenant --id ID --yes               deletes the tenant, its table items and its secret
                                            (shows what it will delete first; --dry-run stops there)
  list-credentials --id ID                  lists every user's API tokens and every live session
  revoke-token --id ID --user U --name N    revokes a token and ends the sessions made with it
  end-session --id ID --session HASH        ends one session (by the start of its hash, as listed)
  import-accounts --id ID --server HOST --listaccts FILE [--listresellers FILE] [--resellers FILE]
                  [--empty-server] [--confirm-removals]
                                            reconciles the directory with one server's whmapi1 output`;

const OPTIONS = {
  help: { type: "boolean", short: "h" },
  local: { type: "boolean" },
  table: { type: "string" },
  stage: { type: "string" },
  region: { type: "string" },
  id: { type: "string" },
  hostname: { type: "string" },
  ip: { type: "string" },
  user: { type: "string" },
  name: { type: "string" },
  session: { type: "string" },
  server: { type: "string" },
  listaccts: { type: "string" },
  listresellers: { type: "string" },
  resellers: { type: "string" },
  yes: { type: "boolean" },
  "dry-run": { type: "boolean" },
  "empty-server": { type: "boolean" },
  "confirm-removals": { type: "boolean" },
} as const;

/** The command line, or a one-line usage error and exit status 2. */
function commandLine() {
  try {
    return parseArgs({ allowPositionals: true, options: OPTIONS });
  } catch (error) {
    console.error(`admin: ${(error as Error).message} (see --help)`);
    process.exit(2);
  }
}

const { values, positionals } = commandLine();

async function target(): Promise<void> {
  if (values.local) {
    const stack = await readRunningStack();
    Object.assign(process.env, LOCAL_AWS_ENV, {
      DYNAMODB_ENDPOINT: stack.dynamoEndpoint,
      TABLE_NAME: stack.table,
      SECRETS_FILE: stack.secretsFile,
    });
    return;
  }
  if (!values.table || !values.stage)
    throw new Error("give --local, or --table NAME and --stage STAGE of a deployed stack");
  process.env.TABLE_NAME = values.table;
  process.env.STAGE = values.stage;
  process.env.SECRET_PREFIX = `whm/${values.stage}/tenants/`;
  process.env.SECRETS_CACHE_SECONDS = "0";
  if (values.region) process.env.AWS_REGION = values.region;
  // A command meant for one stage must never run against another stage's table.
  const stage = await tableStage(values.table);
  if (stage !== values.stage) {
    throw new Error(
      `table ${values.table} belongs to stage ${stage ?? "(untagged)"}, not ${values.stage}: nothing was touched`,
    );
  }
}

function need(name: "id" | "hostname" | "ip"): string {
  const value = values[name];
  if (!value || !/^[A-Za-z0-9][A-Za-z0-9.-]{0,62}$/.test(value))
    throw new Error(`--${name} is required (letters, digits, dots, dashes)`);
  return value;
}

/** The tenant domain a stage's cdk.json settings name, if any (local: none). */
async function tenantDomainOf(stage: string | undefined): Promise<string | undefined> {
  if (!stage) return undefined;
  const cdk = JSON.parse(await readFile(new URL("../cdk.json", import.meta.url), "utf8"));
  return cdk.context?.stages?.[stage]?.tenantDomain?.name;
}

function checkedIp(ip: string): string {
  if (!isIP(ip)) throw new Error(`"${ip}" is not an IP address`);
  return ip;
}

async function main(): Promise<void> {
  const [command] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    if (!values.help) process.exitCode = 2;
    return;
  }
  await target();
  // Every change an operator makes is recorded in the tenant's audit trail, as the operator's.
  const context: CallContext = {
    tenant: values.id ?? "",
    actor: { user: process.env.SUDO_USER || process.env.USER || "operator", via: "admin" },
    sourceIp: "operator",
    function: `admin ${command}`,
    requestId: randomUUID(),
  };
  await withCallContext(context, () => run(command));
}

async function run(command: string): Promise<void> {
  switch (command) {
    case "create-tenant": {
      const token = await createTenantWithRootToken({
        id: need("id"),
        hostname: need("hostname"),
        ...(values.ip ? { ip: checkedIp(values.ip) } : {}),
      });
      await recordEvent(
        { target: `tenant/${values.id}`, detail: `created (hostname ${values.hostname})` },
        values.id,
      );
      console.log(`tenant ${values.id} created\nroot token (shown once): ${token}`);
      const domain = await tenantDomainOf(values.stage);
      if (domain && !values.hostname?.endsWith(`.${domain}`))
        console.log(
          `note: ${values.hostname} is not under the stage's tenant domain (*.${domain}): sign-in there needs a custom domain of its own (docs/SIGN-IN.md)`,
        );
      return;
    }
    case "set-tenant-ip":
      if (!(await getTenant(need("id")))) throw new Error(`no tenant "${values.id}"`);
      await setTenantIp(need("id"), checkedIp(need("ip")));
      await recordEvent(
        { target: `tenant/${values.id}`, detail: `server IP address set to ${values.ip}` },
        values.id,
      );
      console.log(`tenant ${values.id}: server IP address ${values.ip}`);
      return;
    case "list-tenants":
      for (const tenant of await listTenants()) {
        console.log(`${tenant.id}\t${tenant.hostname}\t${new Date(tenant.created).toISOString()}`);
      }
      return;
    case "rotate-root-token":
      if (values["dry-run"]) {
        console.log(`would replace the root token of tenant ${need("id")} and end its sessions`);
        return;
      }
      {
        const token = await rotateRootToken(need("id"));
        // The local tenant's token file is what `npm start`, whmapi1 and the README read.
        if (values.local && values.id === LOCAL_TENANT_ID) await writeRootTokenFile(dataDir(), token);
        console.log(`new root token (shown once): ${token}`);
      }
      return;
    case "delete-tenant": {
      const id = need("id");
      const plan = await tenantFootprint(id);
      console.log(
        `tenant ${id} on table ${process.env.TABLE_NAME}: ${plan.items} table items (${plan.tokens} API tokens, ${plan.sessions} sessions, ${plan.accounts} accounts, ${plan.links} links) and its secret`,
      );
      if (values["dry-run"]) return;
      if (!values.yes)
        throw new Error(`this deletes tenant ${id} and everything it owns; add --yes to confirm`);
      const deleted = await deleteTenant(id, secretStore());
      // The trail outlives the tenant until its events expire: its last event says who deleted it.
      await recordEvent(
        { target: `tenant/${id}`, detail: `deleted (${deleted} table items and its secret)` },
        id,
      );
      console.log(`tenant ${id} deleted (${deleted} table items and its secret)`);
      return;
    }
    case "list-credentials": {
      const { tokens, sessions } = await listCredentials(need("id"));
      const tokenNames = new Map(tokens.map((token) => [token.tokenHash, `${token.user}/${token.name}`]));
      console.log("API tokens (user, name, ACLs, expires):");
      for (const token of tokens) {
        const expires = token.expiresAt ? new Date(token.expiresAt * 1000).toISOString() : "never";
        console.log(`  ${token.user}\t${token.name}\t${token.acls.join(",")}\t${expires}`);
      }
      console.log("Sessions (hash, user, service, made with token, expires):");
      for (const session of sessions) {
        const from = tokenNames.get(session.credential) ?? "(revoked)";
        console.log(
          `  ${session.sessionHash.slice(0, 16)}\t${session.user}\t${session.service}\t${from}\t${new Date(session.expires * 1000).toISOString()}`,
        );
      }
      return;
    }
    case "revoke-token": {
      const [id, user, name] = [need("id"), values.user ?? "", values.name ?? ""];
      console.log(`revoking token ${user}/${name} of tenant ${id} on table ${process.env.TABLE_NAME}`);
      if (values["dry-run"]) return;
      if (!(await revokeToken(id, user, name))) throw new Error(`tenant ${id} has no token ${user}/${name}`);
      console.log(`token ${user}/${name} revoked; its sessions ended`);
      return;
    }
    case "end-session": {
      if (values["dry-run"]) {
        console.log(
          `would end session ${values.session} of tenant ${need("id")} on table ${process.env.TABLE_NAME}`,
        );
        return;
      }
      const ended = await endSessionByHash(need("id"), values.session ?? "");
      await recordEvent(
        { target: ended.user, user: ended.user, detail: "session ended by the operator" },
        values.id,
      );
      console.log(`session ${ended.sessionHash.slice(0, 16)} of ${ended.user} ended`);
      return;
    }
    case "import-accounts": {
      const id = need("id");
      if (!values.server || !values.listaccts) throw new Error("--server and --listaccts are required");
      const read = (file: string | undefined) => (file ? readFile(file, "utf8") : Promise.resolve(undefined));
      const [listaccts, listresellers, resellers] = await Promise.all(
        [values.listaccts, values.listresellers, values.resellers].map(read),
      );
      const report = await syncDirectory(id, {
        server: values.server,
        listaccts: JSON.parse(listaccts ?? "null"),
        listresellers: listresellers === undefined ? undefined : JSON.parse(listresellers),
        resellers,
        empty_server: values["empty-server"] === true,
        confirm_removals: values["confirm-removals"] === true,
      });
      console.log(
        `${values.server}: ${report.added} added, ${report.updated} updated, ${report.unchanged} unchanged, ${report.removed.length} removed${report.removed.length ? ` (${report.removed.join(", ")})` : ""}`,
      );
      return;
    }
    default:
      throw new Error(`unknown command "${command}" (see --help)`);
  }
}

main().catch((error: Error) => {
  console.error(`admin: ${error.message}`);
  process.exit(1);
});
