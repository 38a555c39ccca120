/**
 * A bounded least-recently-used map whose entries expire: the prediction
 * cache. Insertion order of a `Map` is the recency order (a hit moves the
 * entry to the end); the oldest entry goes when the bound is reached.
 *
 * @module
 */

/** Options of {@linkcode LruCache}. */
export interface LruCacheOptions {
  /** Most entries kept (0 keeps nothing). */
  maxEntries: number;
  /** How long an entry lives, in ms. */
  ttlMs: number;
  /** The clock, in ms. @default Date.now */
  now?: () => number;
}

/** A bounded LRU map with a time-to-live per entry. */
export class LruCache<V> {
  #map = new Map<string, { value: V; expires: number }>();
  #max: number;
  #ttl: number;
  #now: () => number;

  /**
   * Creates an empty cache.
   *
   * @param options bound, time-to-live and clock
   * @example Usage
   * ```ts
   * import { LruCache } from "@chronos-deno/chronos-deno/serve";
   * const c = new LruCache<number>({ maxEntries: 2, ttlMs: 1000 });
   * c.set("a", 1); c.set("b", 2); c.get("a"); c.set("c", 3);
   * if (c.get("b") !== undefined || c.get("a") !== 1) throw new Error();
   * ```
   */
  constructor(options: LruCacheOptions) {
    this.#max = options.maxEntries;
    this.#ttl = options.ttlMs;
    this.#now = options.now ?? Date.now;
  }

  /** Entries held now (expired ones included until touched). */
  get size(): number {
    return this.#map.size;
  }

  /**
   * The live value of a key, made most recent; an expired entry is dropped.
   *
   * @param key the key
   * @returns the value, or undefined
   */
  get(key: string): V | undefined {
    const hit = this.#map.get(key);
    if (!hit) return undefined;
    this.#map.delete(key);
    if (hit.expires <= this.#now()) return undefined;
    this.#map.set(key, hit);
    return hit.value;
  }

  /**
   * Stores a value as most recent, dropping the least recent beyond the bound.
   *
   * @param key the key
   * @param value the value
   */
  set(key: string, value: V): void {
    if (this.#max <= 0) return;
    this.#map.delete(key);
    this.#map.set(key, { value, expires: this.#now() + this.#ttl });
    while (this.#map.size > this.#max) {
      const oldest = this.#map.keys().next().value as string;
      this.#map.delete(oldest);
    }
  }

  /** Drops every entry. */
  clear(): void {
    this.#map.clear();
  }
}
