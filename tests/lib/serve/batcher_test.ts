import { assert, assertEquals, assertRejects } from "../../_helpers/assert.ts";
import { Batcher, type BatchRecord } from "../../../lib/serve/batcher.ts";
import { ProblemError } from "../../../lib/serve/problem.ts";
import { expectedMean, fakeModel } from "./_fake_model.ts";

const LIMITS = { enabled: true, maxRows: 256, maxWaitMs: 20, maxQueue: 100 };
const OPT = { predictionLength: 2, quantileLevels: [0.1, 0.9] };

Deno.test("Batcher gathers concurrent requests into one call and splits the answers back", async () => {
  const model = fakeModel("m");
  const records: BatchRecord[] = [];
  const b = new Batcher({ ...LIMITS, onBatch: (r) => records.push(r) });
  const targets = [[1], [5, 6], [10], [20, 21, 22]];
  const answers = await Promise.all(
    targets.map((t, i) =>
      b.submit(model, i === 1 ? [{ target: t }, { target: [100] }] : [{ target: t }], OPT)
    ),
  );
  assertEquals(model.calls, [5]);
  assertEquals(answers.map((a) => a.length), [1, 2, 1, 1]);
  assertEquals(answers[1]![1]!.mean, expectedMean([100], 2));
  targets.forEach((t, i) => assertEquals(answers[i]![0]!.mean, expectedMean(t, 2)));
  assertEquals(answers[3]![0]!.quantiles[0], expectedMean([22], 2).map((v) => v - 4));
  assertEquals(records.map((r) => [r.requests, r.series, r.rows]), [[4, 5, 5]]);
});

Deno.test("Batcher starts at once when no company is expected", async () => {
  const model = fakeModel("m");
  const b = new Batcher({ ...LIMITS, maxWaitMs: 10_000, expectCompany: () => false });
  const t0 = performance.now();
  await b.submit(model, [{ target: [1] }], OPT);
  assertEquals(model.calls, [1]);
  assert(performance.now() - t0 < 5_000, "it waited for company that was not coming");
});

Deno.test("Batcher with batching off makes one call per request", async () => {
  const model = fakeModel("m");
  const b = new Batcher({ ...LIMITS, enabled: false });
  await Promise.all([1, 2, 3].map((v) => b.submit(model, [{ target: [v] }], OPT)));
  assertEquals(model.calls, [1, 1, 1]);
});

Deno.test("Batcher keeps each call within the row limit, counting covariate rows", async () => {
  const model = fakeModel("m");
  const b = new Batcher({ ...LIMITS, maxRows: 6 });
  const withCov = { target: [1, 2], pastCovariates: { a: [0, 0], b: [1, 1] } }; // 3 rows
  await Promise.all([1, 2, 3].map(() => b.submit(model, [withCov], OPT)));
  assertEquals(model.calls, [2, 1]); // 3+3 rows, then 3
  const plain = fakeModel("p");
  const c = new Batcher({ ...LIMITS, maxRows: 2 });
  await Promise.all([1, 2, 3].map((v) => c.submit(plain, [{ target: [v] }], OPT)));
  assertEquals(plain.calls, [2, 1]);
});

Deno.test("Batcher never mixes covariate sets in one call", async () => {
  const model = fakeModel("m");
  const b = new Batcher(LIMITS);
  await Promise.all([
    b.submit(model, [{ target: [1] }], OPT),
    b.submit(model, [{ target: [1], pastCovariates: { a: [1] } }], OPT),
    b.submit(model, [{ target: [2] }], OPT),
    b.submit(model, [{ target: [2], pastCovariates: { a: [1] } }], OPT),
    b.submit(
      model,
      [{ target: [2], pastCovariates: { a: [1] }, futureCovariates: { a: [1, 2] } }],
      OPT,
    ),
  ]);
  assertEquals(model.calls, [2, 2, 1]);
});

Deno.test("Batcher never mixes horizons, levels or models in one call", async () => {
  const a = fakeModel("a");
  const other = fakeModel("b", { offset: 1000 });
  const b = new Batcher(LIMITS);
  const [x, y, z, w] = await Promise.all([
    b.submit(a, [{ target: [1] }], OPT),
    b.submit(a, [{ target: [1] }], { ...OPT, predictionLength: 3 }),
    b.submit(other, [{ target: [1] }], OPT),
    b.submit(a, [{ target: [1] }], { ...OPT, quantileLevels: [0.5] }),
  ]);
  assertEquals(a.calls, [1, 1, 1]);
  assertEquals(other.calls, [1]);
  assertEquals(x![0]!.mean, [2, 3]);
  assertEquals(y![0]!.mean, [2, 3, 4]);
  assertEquals(z![0]!.mean, [1002, 1003]);
  assertEquals(w![0]!.quantiles.length, 1);
});

Deno.test("Batcher refuses with 429 and Retry-After when the queue is full", async () => {
  const model = fakeModel("m", { delayMs: 30 });
  const b = new Batcher({ ...LIMITS, maxQueue: 2, maxWaitMs: 0 });
  const first = b.submit(model, [{ target: [1] }], OPT); // runs at once
  const queued = [b.submit(model, [{ target: [2] }], OPT), b.submit(model, [{ target: [3] }], OPT)];
  const err = await b.submit(model, [{ target: [4] }], OPT).catch((e) => e);
  assert(err instanceof ProblemError);
  assertEquals(err.status, 429);
  assert(Number(err.headers["retry-after"]) >= 1);
  await Promise.all([first, ...queued]);
});

Deno.test("Batcher drops a request whose signal aborts while it waits", async () => {
  const model = fakeModel("m", { delayMs: 30 });
  const b = new Batcher({ ...LIMITS, maxWaitMs: 0 });
  const running = b.submit(model, [{ target: [1] }], OPT);
  const ctl = new AbortController();
  const waiting = b.submit(model, [{ target: [7] }], OPT, ctl.signal);
  assertEquals(b.queued, 1);
  ctl.abort(new Error("gone"));
  await assertRejects(waiting, /gone/);
  assertEquals(b.queued, 0);
  await running;
  await b.drain();
  assertEquals(model.calls, [1]); // the aborted request never reached the model
});

Deno.test("Batcher retries each request alone when a gathered call fails", async () => {
  const model = fakeModel("m", { poison: 666 });
  const b = new Batcher(LIMITS);
  const results = await Promise.allSettled([
    b.submit(model, [{ target: [1] }], OPT),
    b.submit(model, [{ target: [666] }], OPT),
    b.submit(model, [{ target: [3] }], OPT),
  ]);
  assertEquals(results.map((r) => r.status), ["fulfilled", "rejected", "fulfilled"]);
  assertEquals(model.calls, [3, 1, 1, 1]);
  assertEquals((results[2] as PromiseFulfilledResult<{ mean: number[] }[]>).value[0]!.mean, [4, 5]);
});

Deno.test("Batcher counts the requests of a model that wait or run, and drains", async () => {
  const model = fakeModel("m", { delayMs: 20 });
  const other = fakeModel("o");
  const b = new Batcher(LIMITS);
  const p = b.submit(model, [{ target: [1] }], OPT);
  assertEquals(b.pending(model), 1);
  assertEquals(b.pending(other), 0);
  await b.drain();
  await p;
  assertEquals(b.pending(model), 0);
});
