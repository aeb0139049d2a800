/**
 * A per-container cache whose entries are trusted for at most `maxAgeMs()` (read at each lookup,
 * so the bound follows the environment) and which holds at most `maxEntries`, dropping the oldest.
 */
export class TtlCache<K, V> {
  private readonly entries = new Map<K, { value: V; at: number }>();

  constructor(
    private readonly maxAgeMs: () => number,
    private readonly maxEntries = 1000,
  ) {}

  /** The entry, when it exists and is still young enough. */
  get(key: K): { value: V } | undefined {
    const hit = this.entries.get(key);
    return hit && Date.now() - hit.at < this.maxAgeMs() ? { value: hit.value } : undefined;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as K);
    this.entries.set(key, { value, at: Date.now() });
  }

  delete(key: K): void {
    this.entries.delete(key);
  }
}
