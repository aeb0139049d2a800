import { AsyncLocalStorage } from "node:async_hooks";
import type { ItemKey } from "../kernel/domain.js";

/** Items read ahead for one call, by key; undefined for a key read and found empty. */
export type ItemsRead = ReadonlyMap<string, Record<string, unknown> | undefined>;

/**
 * The items a call's function will read by key, read consistently in the same batch as the
 * caller's token (runtime/auth.ts): the function's own reads of those keys take them from here
 * instead of asking DynamoDB again. Scoped to the call's async context, so concurrent calls in one
 * process (the local server) never see each other's.
 */
const current = new AsyncLocalStorage<ItemsRead>();

export const keyString = (key: ItemKey): string => `${key.pk}\n${key.sk}`;

/** Runs a call's work with the items read ahead for it. */
export function withItemsRead<T>(items: ItemsRead, work: () => Promise<T>): Promise<T> {
  return current.run(items, work);
}

/** The item read ahead for this key in the current call, when it was (`item` undefined: none exists). */
export function readAhead(key: ItemKey): { item: Record<string, unknown> | undefined } | undefined {
  const items = current.getStore();
  const k = keyString(key);
  return items?.has(k) ? { item: items.get(k) } : undefined;
}
