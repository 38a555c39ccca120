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
