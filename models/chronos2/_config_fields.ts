/**
 * Field reading for `config.json`: typed getters with bounds that collect
 * every problem, then throw one ModelFormatError listing them all.
 *
 * @module
 */

import { ModelFormatError } from "../../lib/errors.ts";
import { clip } from "../../lib/net/clip.ts";

/** A JSON object. */
export type Json = Record<string, unknown>;

/** A config value as quoted in a message: JSON, cut to 80 characters. */
export function shown(v: unknown): string {
  return clip(JSON.stringify(v) ?? String(v), 80);
}

/** Reads typed fields of a config object and collects every problem, thrown once. */
export class FieldReader {
  readonly problems: { field: string; message: string }[] = [];
  constructor(readonly source: string) {}

  #fail(field: string, message: string): void {
    this.problems.push({ field, message });
  }

  int(
    obj: Json,
    key: string,
    prefix: string,
    opts: { min?: number; max?: number; fallback?: number },
  ): number {
    const field = prefix + key;
    const v = obj[key];
    if (v === undefined || v === null) {
      if (opts.fallback !== undefined) return opts.fallback;
      this.#fail(field, `field "${field}" is missing`);
      return NaN;
    }
    if (typeof v !== "number" || !Number.isInteger(v)) {
      this.#fail(field, `field "${field}" must be an integer: got ${shown(v)}`);
      return NaN;
    }
    if (opts.min !== undefined && v < opts.min) {
      this.#fail(field, `field "${field}" must be at least ${opts.min}: got ${v}`);
    }
    if (opts.max !== undefined && v > opts.max) {
      this.#fail(
        field,
        `field "${field}" must be at most ${opts.max} (far beyond any Chronos-2 model): got ${v}`,
      );
    }
    return v;
  }

  num(
    obj: Json,
    key: string,
    prefix: string,
    opts: { positive?: boolean; fallback?: number },
  ): number {
    const field = prefix + key;
    const v = obj[key];
    if (v === undefined || v === null) {
      if (opts.fallback !== undefined) return opts.fallback;
      this.#fail(field, `field "${field}" is missing`);
      return NaN;
    }
    if (typeof v !== "number" || !Number.isFinite(v)) {
      this.#fail(field, `field "${field}" must be a finite number: got ${shown(v)}`);
      return NaN;
    }
    if (opts.positive && v <= 0) this.#fail(field, `field "${field}" must be positive: got ${v}`);
    return v;
  }

  bool(obj: Json, key: string, prefix: string, fallback: boolean): boolean {
    const field = prefix + key;
    const v = obj[key];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== "boolean") {
      this.#fail(field, `field "${field}" must be true or false: got ${shown(v)}`);
      return fallback;
    }
    return v;
  }

  str(obj: Json, key: string, prefix: string, fallback: string): string {
    const field = prefix + key;
    const v = obj[key];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== "string") {
      this.#fail(field, `field "${field}" must be a string: got ${shown(v)}`);
      return fallback;
    }
    return v;
  }

  check(cond: boolean, field: string, message: string): void {
    if (!cond) this.#fail(field, message);
  }

  throwIfAny(): void {
    if (this.problems.length === 0) return;
    const first = this.problems[0]!;
    const list = this.problems.map((p) => p.message).join("; ");
    throw new ModelFormatError(
      first.field,
      `Cannot use the Chronos-2 config "${this.source}": ${list}`,
    );
  }
}
