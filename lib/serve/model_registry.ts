/**
 * The loaded models by name, and their reload: a new instance is loaded and
 * warmed beside the old one, then swapped in; requests that already hold the
 * old instance finish on it, and it is released once none is left. No
 * request is dropped or fails because of a reload.
 *
 * @module
 */

import { ProblemError } from "./problem.ts";
import type { ModelLoader, ServedModel } from "./served_model.ts";

/** A loaded model and when it was loaded. */
export interface ModelEntry {
  /** The instance. */
  model: ServedModel;
  /** ISO time it became ready. */
  loadedAt: string;
  /** Counts loads of this name (1 for the first), so caches can tell instances apart. */
  generation: number;
}

/** Options of {@linkcode ModelRegistry}. */
export interface ModelRegistryOptions {
  /** Whether requests still use an instance (waiting or running). */
  inUse: (model: ServedModel) => boolean;
  /** How often to look whether a swapped-out instance is free, in ms. @default 20 */
  pollMs?: number;
}

/** The models the service answers with. */
export class ModelRegistry {
  #loader: ModelLoader;
  #names: string[];
  #entries = new Map<string, ModelEntry>();
  #retiring = new Set<Promise<void>>();
  #reloading: Promise<unknown> = Promise.resolve();
  #options: ModelRegistryOptions;

  /**
   * Creates an empty registry; {@linkcode ModelRegistry.loadAll} loads the models.
   *
   * @param loader loads (and warms) the model of a name
   * @param names the model names, the first being the default
   * @param options how to tell whether an instance is still in use
   * @throws {RangeError} when no name is given or one is given twice
   * @example Usage
   * ```ts
   * import { ModelRegistry } from "@chronos-deno/chronos-deno/serve";
   * const reg = new ModelRegistry(() => Promise.reject(new Error("unused")), ["m"], {
   *   inUse: () => false,
   * });
   * if (reg.ready) throw new Error();
   * ```
   */
  constructor(loader: ModelLoader, names: readonly string[], options: ModelRegistryOptions) {
    if (names.length === 0) throw new RangeError("Cannot serve without a model: name at least one");
    const twice = names.find((n, i) => names.indexOf(n) !== i);
    if (twice) throw new RangeError(`Cannot serve the model "${twice}" twice: name it once`);
    this.#loader = loader;
    this.#names = [...names];
    this.#options = options;
  }

  /** Whether every model is loaded and warm. */
  get ready(): boolean {
    return this.#entries.size === this.#names.length;
  }

  /** The model names, default first. */
  get names(): readonly string[] {
    return this.#names;
  }

  /**
   * Loads every model (in order).
   *
   * @returns when all are warm
   */
  async loadAll(): Promise<void> {
    for (const name of this.#names) {
      this.#entries.set(name, { model: await this.#loader(name), loadedAt: now(), generation: 1 });
    }
  }

  /**
   * The entry of a model name (the default model when no name is given).
   *
   * @param name the name asked for
   * @returns the entry
   * @throws {ProblemError} 404 naming the loaded models when there is no such model, 503 while loading
   */
  get(name?: string): ModelEntry {
    const n = name ?? this.#names[0]!;
    const e = this.#entries.get(n);
    if (e) return e;
    if (this.#names.includes(n)) {
      throw new ProblemError(503, "not-ready", `The model "${n}" is still loading: retry shortly`, {
        headers: { "retry-after": "5" },
      });
    }
    throw new ProblemError(
      404,
      "unknown-model",
      `There is no model "${n.slice(0, 200)}": use one of ${
        this.#names.map((x) => `"${x}"`).join(", ")
      }`,
      { errors: [{ pointer: "/model", detail: "Unknown model name" }] },
    );
  }

  /**
   * Every loaded entry, in name order.
   *
   * @returns the entries with their names
   */
  list(): { name: string; entry: ModelEntry }[] {
    return this.#names.flatMap((name) => {
      const entry = this.#entries.get(name);
      return entry ? [{ name, entry }] : [];
    });
  }

  /**
   * Loads a fresh instance of some models (all when no name is given), swaps
   * each in once warm, and releases the old ones when no request uses them.
   * Reloads run one after another.
   *
   * @param name the model to reload, or all
   * @returns the names reloaded
   * @throws {ProblemError} 404 for an unknown name; what the loader throws when loading fails (the old instance stays)
   */
  reload(name?: string): Promise<string[]> {
    if (name !== undefined && !this.#names.includes(name)) {
      try {
        this.get(name);
      } catch (err) {
        return Promise.reject(err);
      }
    }
    const names = name === undefined ? [...this.#names] : [name];
    const run = this.#reloading.then(async () => {
      for (const n of names) {
        const fresh = await this.#loader(n);
        const old = this.#entries.get(n);
        this.#entries.set(n, {
          model: fresh,
          loadedAt: now(),
          generation: (old?.generation ?? 0) + 1,
        });
        if (old) this.#retire(old.model);
      }
      return names;
    });
    this.#reloading = run.catch(() => {});
    return run;
  }

  #retire(model: ServedModel): void {
    const p = (async () => {
      while (this.#options.inUse(model)) {
        await new Promise((r) => setTimeout(r, this.#options.pollMs ?? 20));
      }
      await model.release().catch(() => {});
    })();
    this.#retiring.add(p);
    p.finally(() => this.#retiring.delete(p));
  }

  /**
   * Releases every model, after the swapped-out ones are released.
   *
   * @returns when done
   */
  async releaseAll(): Promise<void> {
    await this.#reloading;
    await Promise.all([...this.#retiring]);
    const all = [...this.#entries.values()];
    this.#entries.clear();
    await Promise.all(all.map((e) => e.model.release().catch(() => {})));
  }
}

function now(): string {
  return new Date().toISOString();
}
