/**
 * Series colours: the Okabe–Ito palette, distinguishable with the common
 * forms of colour blindness, with the actual values in near-black.
 *
 * @module
 */

/** Colour of the actual (observed) values. */
export const ACTUAL_COLOR = "#111827";

/** Series colours, in order. */
export const PALETTE: readonly string[] = [
  "#0072B2",
  "#D55E00",
  "#009E73",
  "#CC79A7",
  "#E69F00",
  "#56B4E9",
  "#8C6D1F",
  "#7F7F7F",
];

/**
 * The colour of the i-th series (the palette repeats after eight).
 *
 * @param index series index, 0-based
 * @returns a CSS colour
 * @example Usage
 * ```ts
 * import { PALETTE, seriesColor } from "@chronos-deno/chronos-deno/report";
 * import { equal } from "node:assert/strict";
 * equal(seriesColor(8), PALETTE[0]);
 * ```
 */
export function seriesColor(index: number): string {
  const n = PALETTE.length;
  return PALETTE[((index % n) + n) % n]!;
}
