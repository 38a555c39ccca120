import assert from "node:assert/strict";
import { HttpError, httpRequest } from "../../../lib/net/http.ts";
import { startFaultServer } from "../../_helpers/fault_server.ts";

const fast = { backoffMs: 1, maxBackoffMs: 5, random: () => 0 };

async function failure(p: Promise<unknown>): Promise<HttpError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof HttpError) return err;
    throw err;
  }
  throw new Error("expected an HttpError");
}

Deno.test("httpRequest() gives up on a server that accepts and never answers", async () => {
  const server = startFaultServer({ kind: "hang" });
  try {
    const err = await failure(httpRequest(server.url, { timeoutMs: 200, retries: 1, ...fast }));
    assert.equal(err.reason, "timeout");
    assert.equal(err.attempts, 2);
    assert.match(
      err.message,
      /No answer from "http:\/\/127\.0\.0\.1:\d+" within 200 ms \(2 tries\)/,
    );
  } finally {
    await server.close();
  }
});

Deno.test("httpRequest() stops a body that drips one byte at a time at its deadline", async () => {
  const server = startFaultServer({ kind: "drip", everyMs: 50, bytes: 1000 });
  try {
    const res = await httpRequest(server.url, { idleTimeoutMs: 5000, deadlineMs: 600 });
    const started = Date.now();
    const err = await failure(res.bytes());
    assert.equal(err.reason, "deadline");
    assert.match(err.message, /did not finish within its deadline \(after \d+ bytes\)/);
    assert.ok(Date.now() - started < 5000, "the deadline, not the idle timeout, ended it");
  } finally {
    await server.close();
  }
});

Deno.test("httpRequest() stops a body that goes silent after the idle timeout", async () => {
  const server = startFaultServer({ kind: "drip", everyMs: 10_000, bytes: 10 });
  try {
    const res = await httpRequest(server.url, { idleTimeoutMs: 200 });
    const err = await failure(res.text());
    assert.equal(err.reason, "stalled");
    assert.match(err.message, /stalled for 200 ms after 1 byte$/);
  } finally {
    await server.close();
  }
});

Deno.test("httpRequest() reports a connection reset mid-body as broken off", async () => {
  const server = startFaultServer({ kind: "reset", after: 10, length: 1000 });
  try {
    const res = await httpRequest(server.url, {});
    const err = await failure(res.bytes());
    assert.equal(err.reason, "network");
    assert.match(err.message, /broke off after 10 bytes/);
  } finally {
    await server.close();
  }
});

Deno.test("httpRequest() retries 429 and 503 for GET and returns the answer that follows", async () => {
  const server = startFaultServer({ kind: "status", codes: [429, 503, 200], body: "fine" });
  const waits: number[] = [];
  try {
    const res = await httpRequest(server.url, {
      ...fast,
      retries: 3,
      onRetry: (_a, ms) => waits.push(ms),
    });
    assert.equal(res.status, 200);
    assert.equal(await res.text(), "fine");
    assert.equal(res.attempts, 3);
    assert.deepEqual(waits, [1, 2]);
  } finally {
    await server.close();
  }
});

Deno.test("httpRequest() never repeats a POST (not idempotent)", async () => {
  const server = startFaultServer({ kind: "status", codes: [503, 200] });
  try {
    const res = await httpRequest(server.url, { method: "POST", body: "{}", ...fast });
    assert.equal(res.status, 503);
    await res.cancel();
    assert.equal(server.requests.length, 1);
  } finally {
    await server.close();
  }
});

Deno.test("httpRequest() caps Retry-After at the longest backoff", async () => {
  const server = startFaultServer({
    kind: "status",
    codes: [429, 200],
    headers: { "retry-after": "3600" },
  });
  const waits: number[] = [];
  try {
    const res = await httpRequest(server.url, {
      maxBackoffMs: 10,
      onRetry: (_a, ms) => waits.push(ms),
    });
    assert.equal(res.status, 200);
    await res.cancel();
    assert.deepEqual(waits, [10]);
  } finally {
    await server.close();
  }
});

Deno.test("httpRequest() is cancelled by the caller's signal while waiting and while reading", async () => {
  const hang = startFaultServer({ kind: "hang" });
  const drip = startFaultServer({ kind: "drip", everyMs: 30, bytes: 1000 });
  try {
    const a = new AbortController();
    setTimeout(() => a.abort(), 100);
    const err = await failure(httpRequest(hang.url, { signal: a.signal, timeoutMs: 60_000 }));
    assert.equal(err.reason, "aborted");
    assert.equal(err.attempts, 1);
    const b = new AbortController();
    const res = await httpRequest(drip.url, { signal: b.signal });
    setTimeout(() => b.abort(), 100);
    const err2 = await failure(res.bytes());
    assert.equal(err2.reason, "aborted");
    const c = new AbortController();
    c.abort();
    assert.equal((await failure(httpRequest(drip.url, { signal: c.signal }))).reason, "aborted");
  } finally {
    await hang.close();
    await drip.close();
  }
});

Deno.test("httpRequest() never shows credentials of the URL or the configured secrets", async () => {
  const url = "http://alice:s3cr3tpw@127.0.0.1:1/x?token=abcdef";
  const err = await failure(httpRequest(url, { retries: 0, secrets: ["s3cr3tpw"] }));
  assert.equal(err.reason, "network");
  assert.equal(err.url, "http://***@127.0.0.1:1/x?token=***");
  assert.ok(!err.message.includes("s3cr3tpw"), err.message);
  assert.ok(!err.message.includes("alice"), err.message);
  assert.ok(!err.message.includes("abcdef"), err.message);
});

Deno.test("httpRequest() bounds a network error message from an injected fetch", async () => {
  const huge = "z".repeat(100_000);
  const err = await failure(httpRequest("http://127.0.0.1:9/", {
    retries: 0,
    fetch: () => Promise.reject(new TypeError(huge)),
  }));
  assert.ok(err.message.length < 400, `${err.message.length} characters`);
  assert.match(err.message, /\(100000 characters\)/);
});
