/**
 * A bounded least-recently-used map whose entries expire: the prediction
 * cache, bounded both in entries and in total size. Insertion order of a `Map` is the recency order (a hit moves the
 * entry to the end); the oldest entry goes when the bound is reached.
 *
 * @module
 */

/** Options of {@linkcode LruCache}. */
export interface LruCacheOptions<V> {
  /** Most entries kept (0 keeps nothing). */
  maxEntries: number;
  /** How long an entry lives, in ms. */
  ttlMs: number;
  /** Most total size kept, as measured by `sizeOf`. @default unbounded */
  maxSize?: number;
  /** The size of a value (e.g. bytes). @default 1 */
  sizeOf?: (value: V) => number;
  /** The clock, in ms. @default Date.now */
  now?: () => number;
}

/** A bounded LRU map with a time-to-live per entry. */
export class LruCache<V> {
  #map = new Map<string, { value: V; expires: number; size: number }>();
  #max: number;
  #maxSize: number;
  #size = 0;
  #sizeOf: (value: V) => number;
  #ttl: number;
  #now: () => number;

  /**
   * Creates an empty cache.
   *
   * @param options bounds, time-to-live, size measure and clock
   * @example Usage
   * ```ts
   * import { LruCache } from "@chronos-deno/chronos-deno/serve";
   * const c = new LruCache<number>({ maxEntries: 2, ttlMs: 1000 });
   * c.set("a", 1); c.set("b", 2); c.get("a"); c.set("c", 3);
   * if (c.get("b") !== undefined || c.get("a") !== 1) throw new Error();
   * ```
   */
  constructor(options: LruCacheOptions<V>) {
    this.#max = options.maxEntries;
    this.#maxSize = options.maxSize ?? Infinity;
    this.#sizeOf = options.sizeOf ?? (() => 1);
    this.#ttl = options.ttlMs;
    this.#now = options.now ?? Date.now;
  }

  /** Entries held now (expired ones included until touched). */
  get size(): number {
    return this.#map.size;
  }

  /** Total size of the entries held, as measured by `sizeOf`. */
  get totalSize(): number {
    return this.#size;
  }

  #drop(key: string): void {
    const hit = this.#map.get(key);
    if (!hit) return;
    this.#map.delete(key);
    this.#size -= hit.size;
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
    if (hit.expires <= this.#now()) {
      this.#size -= hit.size;
      return undefined;
    }
    this.#map.set(key, hit);
    return hit.value;
  }

  /**
   * Stores a value as most recent, dropping the least recent beyond the bounds
   * (a value larger than the size bound alone is not kept).
   *
   * @param key the key
   * @param value the value
   */
  set(key: string, value: V): void {
    const size = this.#sizeOf(value);
    this.#drop(key);
    if (this.#max <= 0 || size > this.#maxSize) return;
    this.#map.set(key, { value, expires: this.#now() + this.#ttl, size });
    this.#size += size;
    while (this.#map.size > this.#max || this.#size > this.#maxSize) {
      this.#drop(this.#map.keys().next().value as string);
    }
  }

  /** Drops every entry. */
  clear(): void {
    this.#map.clear();
    this.#size = 0;
  }
}
