/**
 * A server's error answer as it may be quoted: at most a few kilobytes are
 * read, credentials are redacted and the text is cut to a few hundred
 * characters with its length said.
 *
 * @module
 */

import { clip } from "./clip.ts";
import type { HttpResponse } from "./http.ts";
import { redactSecrets } from "./redact.ts";

/** Options of {@linkcode errorBody}. */
export interface ErrorBodyOptions {
  /** Values to redact besides what looks like a credential. */
  secrets?: readonly (string | undefined)[];
  /** Characters to keep. @default 300 */
  maxChars?: number;
  /** Bytes to read at most; the rest is discarded. @default 65536 */
  maxBytes?: number;
}

/**
 * Reads the start of an answer's body for a message: redacted, one line, bounded.
 * A body that cannot be read gives an empty string.
 *
 * @param res the answer
 * @param options secrets and limits
 * @returns the quotable text
 * @example Usage
 * ```ts
 * import { errorBody } from "./error_body.ts";
 * import { httpRequest } from "./http.ts";
 * import assert from "node:assert/strict";
 * const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (req) =>
 *   new Response(`bad ${req.headers.get("authorization")} ${"x".repeat(1000)}`, { status: 400 }));
 * const res = await httpRequest(`http://127.0.0.1:${server.addr.port}/`, { headers: { authorization: "Bearer abc123XYZ" } });
 * const text = await errorBody(res, { maxChars: 20 });
 * assert.equal(text, "bad Bearer *** xxxxx… (1015 characters)");
 * await server.shutdown();
 * ```
 */
export async function errorBody(
  res: HttpResponse,
  options: ErrorBodyOptions = {},
): Promise<string> {
  let text = "";
  try {
    text = await res.textUpTo(options.maxBytes ?? 65_536);
  } catch {
    /* a body that breaks off is not quoted */
  }
  return clip(redactSecrets(text.trim(), options.secrets ?? []), options.maxChars ?? 300);
}
