/**
 * The optional bearer token: `Authorization: Bearer <token>` compared with
 * the configured token in constant time (both sides hashed with SHA-256 and
 * every byte of the digests compared), so the answer time says nothing about
 * how much of a guess was right.
 *
 * @module
 */

import { ProblemError } from "./problem.ts";

async function digest(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
}

/**
 * Compares two secrets in time that depends on neither.
 *
 * @param a one secret
 * @param b the other
 * @returns whether they are equal
 * @example Usage
 * ```ts
 * import { constantTimeEqual } from "@chronos-deno/chronos-deno/serve";
 * if (!(await constantTimeEqual("s3cret", "s3cret")) || await constantTimeEqual("a", "b")) {
 *   throw new Error();
 * }
 * ```
 */
export async function constantTimeEqual(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([digest(a), digest(b)]);
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= x[i]! ^ y[i]!;
  return diff === 0;
}

/**
 * Checks a request's bearer token; passes when no token is configured.
 *
 * @param request the request
 * @param token the configured token, or undefined for none
 * @throws {ProblemError} 401 (with `WWW-Authenticate`) when the token is missing or wrong
 * @example Usage
 * ```ts
 * import { checkBearer } from "@chronos-deno/chronos-deno/serve";
 * const req = new Request("http://x/", { headers: { authorization: "Bearer t0k" } });
 * await checkBearer(req, "t0k");
 * await checkBearer(req, undefined);
 * ```
 */
export async function checkBearer(request: Request, token: string | undefined): Promise<void> {
  if (token === undefined) return;
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer[ ]+(.+)$/i.exec(header);
  if (!match || !(await constantTimeEqual(match[1]!.trim(), token))) {
    throw new ProblemError(
      401,
      "unauthorized",
      "A valid bearer token is needed: send Authorization: Bearer <CHRONOS_API_TOKEN>",
      { headers: { "www-authenticate": 'Bearer realm="chronos-deno"' } },
    );
  }
}
