import { assertEquals } from "../../_helpers/assert.ts";
import { LruCache } from "../../../lib/serve/lru_cache.ts";

Deno.test("LruCache drops the least recently used entry at the bound", () => {
  const c = new LruCache<number>({ maxEntries: 2, ttlMs: 1000 });
  c.set("a", 1);
  c.set("b", 2);
  assertEquals(c.get("a"), 1); // a is now the most recent
  c.set("c", 3);
  assertEquals(c.get("b"), undefined);
  assertEquals(c.get("a"), 1);
  assertEquals(c.get("c"), 3);
  assertEquals(c.size, 2);
});

Deno.test("LruCache forgets an entry once its time-to-live has passed", () => {
  let now = 0;
  const c = new LruCache<string>({ maxEntries: 10, ttlMs: 100, now: () => now });
  c.set("k", "v");
  now = 99;
  assertEquals(c.get("k"), "v");
  now = 100;
  assertEquals(c.get("k"), undefined);
  assertEquals(c.size, 0);
});

Deno.test("LruCache with no room keeps nothing", () => {
  const c = new LruCache<number>({ maxEntries: 0, ttlMs: 1000 });
  c.set("a", 1);
  assertEquals(c.get("a"), undefined);
});

Deno.test("LruCache overwriting a key keeps one entry with the new value", () => {
  const c = new LruCache<number>({ maxEntries: 2, ttlMs: 1000 });
  c.set("a", 1);
  c.set("a", 2);
  assertEquals(c.size, 1);
  assertEquals(c.get("a"), 2);
  c.clear();
  assertEquals(c.size, 0);
});

Deno.test("LruCache keeps the total size within its bound, dropping the oldest", () => {
  const c = new LruCache<number[]>({
    maxEntries: 100,
    ttlMs: 1000,
    maxSize: 10,
    sizeOf: (v) => v.length,
  });
  c.set("a", [1, 2, 3, 4]);
  c.set("b", [1, 2, 3, 4]);
  assertEquals(c.totalSize, 8);
  c.set("c", [1, 2, 3]); // 11 > 10: a goes
  assertEquals(c.get("a"), undefined);
  assertEquals(c.totalSize, 7);
  c.set("huge", Array(11).fill(0)); // larger than the bound alone: not kept, nothing dropped
  assertEquals(c.get("huge"), undefined);
  assertEquals(c.size, 2);
  c.set("b", [1]); // replacing counts the new size only
  assertEquals(c.totalSize, 4);
});
