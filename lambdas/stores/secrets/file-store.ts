import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { SecretStore, TenantSecrets } from "./secret-store.js";

/** Tenant secrets in one local JSON file readable only by its owner (mode 0600): the embedded default. */
export class FileSecretStore implements SecretStore {
  constructor(private readonly path: string) {}

  private async readAll(): Promise<Record<string, TenantSecrets>> {
    try {
      return JSON.parse(await readFile(this.path, "utf8")) as Record<string, TenantSecrets>;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
      throw error;
    }
  }

  /** Writes a sibling file and renames it over the old one, so a crash never leaves half a file. */
  private async writeAll(all: Record<string, TenantSecrets>): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    const temporary = `${this.path}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(temporary, JSON.stringify(all), { mode: 0o600 });
    await rename(temporary, this.path);
  }

  async get(tenant: string): Promise<TenantSecrets | undefined> {
    return (await this.readAll())[tenant];
  }

  async put(tenant: string, secrets: TenantSecrets): Promise<void> {
    const all = await this.readAll();
    all[tenant] = structuredClone(secrets);
    await this.writeAll(all);
  }

  async delete(tenant: string): Promise<void> {
    const all = await this.readAll();
    if (!(tenant in all)) return;
    delete all[tenant];
    await this.writeAll(all);
  }
}
