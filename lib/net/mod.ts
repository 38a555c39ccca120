/**
 * The one owner of outgoing HTTP and of what a message may show about it:
 * `httpRequest` (answer timeout, idle timeout between chunks, an overall
 * deadline, retries with backoff only for requests safe to repeat,
 * cancellation by `AbortSignal`), `errorBody` (a server's error answer,
 * read up to 64 KB, redacted and cut), `redactUrl`/`redactSecrets`
 * (credentials replaced by `***`) and `clip` (a quoted value cut, with its
 * length said). `lint:layers` keeps `fetch(` out of every other file.
 *
 * @example Usage
 * ```ts
 * import { clip, httpRequest, redactUrl } from "./mod.ts";
 * import assert from "node:assert/strict";
 * const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, () => new Response("ok"));
 * const res = await httpRequest(`http://127.0.0.1:${server.addr.port}/`, { timeoutMs: 5000, deadlineMs: 10_000 });
 * assert.equal(await res.text(), "ok");
 * await server.shutdown();
 * assert.equal(redactUrl("https://me:pw@h/x"), "https://***@h/x");
 * assert.equal(clip("x".repeat(300), 5), "xxxxx… (300 characters)");
 * ```
 *
 * @module
 */

export * from "./clip.ts";
export * from "./error_body.ts";
export * from "./http.ts";
export * from "./redact.ts";
