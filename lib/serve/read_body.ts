/**
 * Reading a request body under a size limit: a declared `Content-Length`
 * over the limit is refused before a byte is read, and a streamed body is
 * cut off as soon as it passes the limit, so memory stays bounded.
 *
 * @module
 */

import { ProblemError } from "./problem.ts";

function tooLarge(limit: number): ProblemError {
  return new ProblemError(
    413,
    "body-too-large",
    `The request body is over ${limit} bytes: send fewer or shorter series`,
  );
}

/**
 * Reads the whole body as bytes, at most `limit` of them.
 *
 * @param request the request
 * @param limit the most bytes accepted
 * @param signal the request's deadline: a client that sends too slowly is cut off
 * @returns the bytes
 * @throws {ProblemError} 413 when the body is larger, 400 when it is empty, 408 when the deadline passes
 * @example Usage
 * ```ts
 * import { readBody } from "@chronos-deno/chronos-deno/serve";
 * const bytes = await readBody(new Request("http://x/", { method: "POST", body: "{}" }), 10);
 * if (bytes.length !== 2) throw new Error();
 * ```
 */
export async function readBody(
  request: Request,
  limit: number,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (declared > limit) throw tooLarge(limit);
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    const onAbort = () => void reader.cancel().catch(() => {});
    signal?.addEventListener("abort", onAbort, { once: true });
    while (true) {
      let step;
      try {
        step = await reader.read();
      } catch (err) {
        if (!signal?.aborted) throw err;
      }
      if (signal?.aborted) {
        throw new ProblemError(
          408,
          "request-timeout",
          "The request body did not arrive within the deadline: send it at once",
        );
      }
      const { done, value } = step!;
      if (done) break;
      size += value.length;
      if (size > limit) {
        await reader.cancel().catch(() => {});
        throw tooLarge(limit);
      }
      chunks.push(value);
    }
    signal?.removeEventListener("abort", onAbort);
  }
  if (size === 0) {
    throw new ProblemError(400, "empty-body", "The request body is empty: send a forecast request");
  }
  const out = new Uint8Array(size);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.length;
  }
  return out;
}
