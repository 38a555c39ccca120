import { assert, assertEquals, assertRejects } from "../../_helpers/assert.ts";
import { ProblemError } from "../../../lib/serve/problem.ts";
import { readBody } from "../../../lib/serve/read_body.ts";

Deno.test("readBody() returns the bytes of a body within the limit", async () => {
  const got = await readBody(new Request("http://x/", { method: "POST", body: "hello" }), 5);
  assertEquals(new TextDecoder().decode(got), "hello");
});

Deno.test("readBody() refuses a declared length over the limit before reading", async () => {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(c) {
      pulled++;
      c.enqueue(new Uint8Array(10));
    },
  });
  const req = new Request("http://x/", {
    method: "POST",
    body,
    headers: { "content-length": "1000000" },
  });
  const err = await readBody(req, 100).catch((e) => e);
  assert(err instanceof ProblemError);
  assertEquals(err.status, 413);
  assert(pulled <= 1);
});

Deno.test("readBody() stops a streamed body as soon as it passes the limit", async () => {
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(c) {
      sent += 64;
      c.enqueue(new Uint8Array(64)); // never ends by itself
    },
  });
  const err = await readBody(new Request("http://x/", { method: "POST", body }), 1000).catch((e) =>
    e
  );
  assert(err instanceof ProblemError);
  assertEquals(err.status, 413);
  assert(sent < 2000, `read ${sent} bytes`);
});

Deno.test("readBody() refuses an empty body with 400", async () => {
  await assertRejects(
    () => readBody(new Request("http://x/", { method: "POST" }), 10),
    (e: unknown) => e instanceof ProblemError && e.status === 400,
  );
});

Deno.test("readBody() cuts off a body that does not arrive before the deadline with 408", async () => {
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      c.enqueue(new Uint8Array(3)); // then nothing more: a client that stalls
    },
  });
  const err = await readBody(
    new Request("http://x/", { method: "POST", body }),
    1000,
    AbortSignal.timeout(30),
  ).catch((e) => e);
  assert(err instanceof ProblemError);
  assertEquals(err.status, 408);
});
