/**
 * Shared pieces of the robustness suite: byte-level mutations as a
 * fast-check arbitrary, the run counts (kept here so the report can add them
 * up), and the rule for what counts as a clean failure: one of the project's
 * typed errors with a message in the house voice, never an engine error such
 * as "Cannot read properties of undefined" or "Invalid array length".
 *
 * @module
 */

import fc from "fast-check";

/** Runs per property; the suite tries the sum of these inputs. */
export const RUNS = {
  csvValid: 60,
  csvMutated: 300,
  safetensorsValid: 100,
  safetensorsMutated: 400,
  zipValid: 40,
  zipMutated: 250,
  resultsValid: 60,
  resultsMutated: 400,
} as const;

/** One edit of a byte string; positions are fractions of its length. */
export type Mutation =
  | { op: "flip"; at: number; value: number }
  | { op: "truncate"; at: number }
  | { op: "insert"; at: number; bytes: Uint8Array }
  | { op: "delete"; at: number; length: number }
  | { op: "repeat"; at: number; length: number; times: number };

const at = fc.double({ min: 0, max: 1, noNaN: true });

/** Up to `max` random edits. */
export function mutations(max = 4): fc.Arbitrary<Mutation[]> {
  return fc.array(
    fc.oneof(
      fc.record({ op: fc.constant("flip" as const), at, value: fc.integer({ min: 0, max: 255 }) }),
      fc.record({ op: fc.constant("truncate" as const), at }),
      fc.record({
        op: fc.constant("insert" as const),
        at,
        bytes: fc.oneof(
          fc.uint8Array({ maxLength: 16 }),
          fc.constantFrom(
            ...[
              ",",
              '"',
              "\n",
              "\r\n",
              "\u0000",
              "\uFEFF",
              "NaN",
              "1e309",
              "1e300",
              "-",
              "{",
              "]",
              "null",
            ]
              .map((s) => new TextEncoder().encode(s)),
          ),
        ),
      }),
      fc.record({
        op: fc.constant("delete" as const),
        at,
        length: fc.integer({ min: 1, max: 64 }),
      }),
      fc.record({
        op: fc.constant("repeat" as const),
        at,
        length: fc.integer({ min: 1, max: 32 }),
        times: fc.integer({ min: 2, max: 50 }),
      }),
    ),
    { minLength: 1, maxLength: max },
  );
}

/**
 * Applies edits in order.
 *
 * @param bytes the original
 * @param edits the edits
 * @returns a new byte string
 */
export function mutate(bytes: Uint8Array, edits: readonly Mutation[]): Uint8Array {
  let b: Uint8Array = bytes.slice();
  for (const e of edits) {
    const i = Math.min(b.length, Math.floor(e.at * b.length));
    if (e.op === "flip") {
      if (b.length > 0) b[Math.min(i, b.length - 1)] = e.value;
    } else if (e.op === "truncate") {
      b = b.slice(0, i);
    } else if (e.op === "insert") {
      b = concat(b.subarray(0, i), e.bytes, b.subarray(i));
    } else if (e.op === "delete") {
      b = concat(b.subarray(0, i), b.subarray(i + e.length));
    } else {
      const piece = b.subarray(i, i + e.length);
      b = concat(b.subarray(0, i), ...Array.from({ length: e.times }, () => piece), b.subarray(i));
    }
  }
  return b;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

const ENGINE_ERRORS =
  /Cannot read propert|is not a function|is not iterable|is undefined|is null|Invalid array length|Maximum call stack|Invalid typed array length|out of bounds|Offset is outside|Map maximum size/i;

/**
 * Runs `fn` and requires either a result (checked by `check`) or an error of
 * one of `allowed` whose message is bounded and not an engine error.
 *
 * @param fn the reader call
 * @param allowed the typed errors it may throw
 * @param check what a returned value must satisfy
 */
export async function typedErrorOrResult<T>(
  fn: () => T | Promise<T>,
  allowed: readonly (abstract new (...args: never[]) => Error)[],
  check: (value: T) => void,
): Promise<void> {
  let value: T;
  try {
    value = await fn();
  } catch (err) {
    if (!allowed.some((c) => err instanceof c)) {
      throw new Error(
        `Untyped failure: ${(err as Error)?.name}: ${
          String((err as Error)?.message).slice(0, 300)
        }`,
        { cause: err },
      );
    }
    const message = (err as Error).message;
    if (ENGINE_ERRORS.test(message)) {
      throw new Error(`Engine error passed through: ${message.slice(0, 300)}`, { cause: err });
    }
    if (message.length > 4000) throw new Error(`Unbounded message: ${message.length} characters`);
    return;
  }
  check(value);
}
