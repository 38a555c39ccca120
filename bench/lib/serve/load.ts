// deno-lint-ignore-file no-console -- a measuring script that reports on the terminal
/**
 * Load test of the forecast service with a real HTTP load generator
 * (autocannon, run by Node in its own process): for each model (the tiny
 * fixture, and the full-size architecture with random weights), p50/p99
 * latency, requests/s and windows/s at each concurrency with batching on and
 * off (cache off, so every request reaches the model); then one run with the
 * cache on (identical requests), and an overload run (a small queue, far more
 * connections) in which every request must get a forecast or a 429, none
 * lost or errored, with the server's peak memory.
 *
 * Usage: deno run -A --v8-flags=--expose-gc bench/lib/serve/load.ts
 *        [--models tiny,full] [--concurrency 1,8,64] [--duration 10]
 *        [--context 512] [--horizon 1] [--json FILE]
 *
 * @module
 */

import { parseArgs } from "node:util";
import { startServer } from "../../../lib/serve/mod.ts";
import type { PartialLimits, ServedModel } from "../../../lib/serve/mod.ts";
import { openChronos2 } from "../../../models/chronos2/open.ts";
import { chronos2ServedModel } from "../../../models/chronos2/tasks/serve.ts";
import { fullSizeRandomPipeline } from "../evaluate/_full_size.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    models: { type: "string", default: "tiny,full" },
    concurrency: { type: "string", default: "1,8,64" },
    duration: { type: "string", default: "10" },
    context: { type: "string", default: "512" },
    horizon: { type: "string", default: "1" },
    json: { type: "string" },
  },
});
const duration = Number(values.duration);
const context = Number(values.context);
const horizon = Number(values.horizon);
const AUTOCANNON = new URL("../../../node_modules/autocannon/autocannon.js", import.meta.url)
  .pathname;

interface Run {
  model: string;
  kind: string;
  batching: boolean;
  connections: number;
  requests: number;
  reqPerSec: number;
  windowsPerSec: number;
  p50: number;
  p99: number;
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
  peakRssMb: number;
  meanBatch: number;
}

async function loadModel(which: string): Promise<ServedModel> {
  if (which === "tiny") {
    return chronos2ServedModel("tiny", await openChronos2("tests/fixtures/chronos2-tiny"));
  }
  const { pipeline } = await fullSizeRandomPipeline(1);
  await pipeline.predict([Array.from({ length: context }, (_, i) => i % 96)], {
    predictionLength: horizon,
  }); // warm the session
  return chronos2ServedModel("full", {
    id: "full",
    dir: "(random weights)",
    revision: "local",
    pipeline,
    executionProvider: "cpu",
    providerReason: "bench",
  });
}

async function autocannon(url: string, body: string, connections: number, seconds: number) {
  const file = await Deno.makeTempFile({ suffix: ".json" });
  await Deno.writeTextFile(file, body);
  const out = await new Deno.Command("node", {
    args: [
      AUTOCANNON,
      "-c",
      String(connections),
      "-d",
      String(seconds),
      "-m",
      "POST",
      "-H",
      "content-type=application/json",
      "-i",
      file,
      "-t",
      "60",
      "-j",
      "-n",
      url,
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  await Deno.remove(file);
  if (!out.success) throw new Error(new TextDecoder().decode(out.stderr));
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

function series(seed: number): number[] {
  return Array.from(
    { length: context },
    (_, i) => 100 + 30 * Math.sin((2 * Math.PI * (i + seed)) / 96) + ((i * 7919 + seed) % 13),
  );
}

async function measure(
  model: ServedModel,
  limits: PartialLimits,
  connections: number,
  seconds: number,
  label: { model: string; kind: string },
): Promise<Run> {
  const server = startServer({
    models: [model.name],
    // the model outlives each server: its release is left to the end of the script
    loader: () => Promise.resolve({ ...model, release: () => Promise.resolve() }),
    port: 0,
    limits: { deadlineMs: 60_000, ...limits },
  });
  await server.ready;
  let peak = Deno.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, Deno.memoryUsage().rss)), 100);
  const body = JSON.stringify({
    inputs: [{ target: series(connections) }],
    prediction_length: horizon,
  });
  try {
    const r = await autocannon(`${server.url}/v1/forecast`, body, connections, seconds);
    const m = server.state.metrics;
    const stats = Object.fromEntries(
      Object.entries(r.statusCodeStats ?? {}).map(([k, v]) => [k, (v as { count: number }).count]),
    );
    const batchText = m.registry.render();
    const sum = Number(/chronos_batch_requests_sum (\S+)/.exec(batchText)?.[1] ?? 0);
    const count = Number(/chronos_batch_requests_count (\S+)/.exec(batchText)?.[1] ?? 0);
    const ok = stats["200"] ?? 0;
    return {
      ...label,
      batching: limits.batch?.enabled ?? true,
      connections,
      requests: r.requests.total,
      reqPerSec: r.requests.average,
      windowsPerSec: ok / r.duration,
      p50: r.latency.p50,
      p99: r.latency.p99,
      statuses: stats,
      errors: r.errors,
      timeouts: r.timeouts,
      peakRssMb: Math.round(peak / 2 ** 20),
      meanBatch: count > 0 ? sum / count : 0,
    };
  } finally {
    clearInterval(timer);
    await server.state.batcher.drain();
    await server.shutdown();
  }
}

const runs: Run[] = [];
const print = (r: Run) =>
  console.log(
    `| ${r.model} | ${r.kind} | ${r.batching ? "on" : "off"} | ${r.connections} | ${
      r.reqPerSec.toFixed(1)
    } | ` +
      `${r.windowsPerSec.toFixed(1)} | ${r.p50} | ${r.p99} | ${r.meanBatch.toFixed(1)} | ` +
      `${JSON.stringify(r.statuses)} | ${r.errors}/${r.timeouts} | ${r.peakRssMb} |`,
  );
console.log(
  `context ${context}, horizon ${horizon}, ${duration} s per run, autocannon ${AUTOCANNON}`,
);
console.log(
  "| model | run | batching | connections | req/s | windows/s | p50 ms | p99 ms | mean batch | statuses | errors/timeouts | peak RSS MB |",
);
console.log("|---|---|---|---|---|---|---|---|---|---|---|---|");
for (const which of values.models!.split(",")) {
  const model = await loadModel(which);
  // warm-up (JIT, sessions, sockets), not reported
  await measure(model, { cache: { maxEntries: 0 } }, 8, 2, { model: which, kind: "warm-up" });
  for (const c of values.concurrency!.split(",").map(Number)) {
    for (const enabled of [true, false]) {
      const r = await measure(
        model,
        { batch: { enabled }, cache: { maxEntries: 0 } },
        c,
        duration,
        {
          model: which,
          kind: "throughput",
        },
      );
      runs.push(r);
      print(r);
    }
  }
  const cached = await measure(model, {}, 64, duration, { model: which, kind: "cache on" });
  runs.push(cached);
  print(cached);
  const over = await measure(
    model,
    { batch: { maxQueue: 16 }, cache: { maxEntries: 0 } },
    256,
    duration,
    { model: which, kind: "overload" },
  );
  runs.push(over);
  print(over);
  const lost = over.requests - Object.values(over.statuses).reduce((a, b) => a + b, 0);
  const other = Object.keys(over.statuses).filter((s) => s !== "200" && s !== "429");
  console.log(
    `overload ${which}: ${over.requests} requests, ${over.statuses["200"] ?? 0} forecasts, ` +
      `${over.statuses["429"] ?? 0} × 429, other statuses ${JSON.stringify(other)}, ` +
      `unanswered ${lost}, errors ${over.errors}, timeouts ${over.timeouts}`,
  );
  const one = runs.find((r) =>
    r.model === which && r.kind === "throughput" && r.batching && r.connections === 1
  );
  const many = runs.find((r) =>
    r.model === which && r.kind === "throughput" && r.batching && r.connections === 64
  );
  if (one && many) {
    console.log(
      `${which}: batching, 64 vs 1 connection: ${
        (many.windowsPerSec / one.windowsPerSec).toFixed(2)
      }× windows/s`,
    );
  }
  await model.release();
}
if (values.json) await Deno.writeTextFile(values.json, JSON.stringify(runs, null, 2));
