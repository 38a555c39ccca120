/**
 * Bounding text quoted in messages: a value shown in an error is cut to a
 * few hundred characters, and the cut says how long the value was, so that a
 * 200 MB CSV field or a server's HTML page never floods the terminal.
 *
 * @module
 */

/** How many characters of a quoted value a message shows by default. */
export const CLIP_CHARS = 200;

/**
 * The text itself when short, else its first `maxChars` characters followed
 * by `… (N characters)`. Line breaks are shown as `\n` so the message stays
 * on its lines.
 *
 * @param text the value to quote
 * @param maxChars how many characters to keep @default 200
 * @returns the bounded text
 * @example Usage
 * ```ts
 * import { clip } from "./clip.ts";
 * import assert from "node:assert/strict";
 * assert.equal(clip("abc"), "abc");
 * assert.equal(clip("x".repeat(1000), 3), "xxx… (1000 characters)");
 * ```
 */
export function clip(text: string, maxChars: number = CLIP_CHARS): string {
  const head = text.length > maxChars ? text.slice(0, Math.max(0, maxChars)) : text;
  const shown = head.replaceAll("\r", "\\r").replaceAll("\n", "\\n");
  return text.length > maxChars ? `${shown}… (${text.length} characters)` : shown;
}
