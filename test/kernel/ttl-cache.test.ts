import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { TtlCache } from "../../lambdas/kernel/ttl-cache.js";

describe("TtlCache", () => {
  it("returns an entry while it is younger than the bound, then no more", async () => {
    const cache = new TtlCache<string, number>(() => 30);
    cache.set("a", 1);
    assert.deepEqual(cache.get("a"), { value: 1 });
    await new Promise((resolve) => setTimeout(resolve, 40));
    assert.equal(cache.get("a"), undefined);
  });

  it("keeps an undefined value apart from a miss", () => {
    const cache = new TtlCache<string, number | undefined>(() => 1000);
    cache.set("gone", undefined);
    assert.deepEqual(cache.get("gone"), { value: undefined });
    assert.equal(cache.get("never"), undefined);
  });

  it("holds at most maxEntries, dropping the oldest", () => {
    const cache = new TtlCache<number, number>(() => 1000, 2);
    cache.set(1, 1);
    cache.set(2, 2);
    cache.set(3, 3);
    assert.equal(cache.get(1), undefined);
    assert.deepEqual([cache.get(2), cache.get(3)], [{ value: 2 }, { value: 3 }]);
  });

  it("never hits with a bound of 0", () => {
    const cache = new TtlCache<string, number>(() => 0);
    cache.set("a", 1);
    assert.equal(cache.get("a"), undefined);
  });
});
