// deno-lint-ignore-file no-console -- a bench script that reports on the terminal
/**
 * Where one full fine-tuning step of full-size Chronos-2 spends its time
 * (batch 8, context 512, horizon 16; seeded random weights): ORT's profiler
 * traces the training session, and the node events of the measured runs are
 * summed by op type and by graph region (forward per layer kind, loss,
 * backward per layer kind, gradient outputs), beside the wall time of the
 * session run, the JavaScript side of the step and clipping + AdamW. The
 * matrix products are turned into achieved GFLOP/s and set against the rate
 * ORT's own MatMul reaches on this machine for the same shapes (standalone
 * one-node graphs).
 *
 * Run: deno run -A --v8-flags=--expose-gc bench/models/chronos2/train_profile.ts
 * Env: BENCH_MODE=full|lora (default full), BENCH_RUNS (measured steps, default 2),
 * BENCH_LAYERS (default 12), BENCH_ZERO_COPY (default 0), BENCH_GROUPS=grouped (the
 * grouped attention, as with covariates, instead of the graph for one-row groups that
 * fine-tuning builds for this univariate data).
 *
 * The profiled session runs on the Node binding unless BENCH_ZERO_COPY=1:
 * with ORT's profiler on, runs through the C API grew slower run after run
 * here (model_run 1.14 → 1.54 s over four full steps, against 0.97 s
 * unprofiled and a steady 0.98 s on the Node binding), which would inflate
 * every node. The kernels are the same either way; only "the rest of the
 * run" then includes the Node binding's copy of the gradients, which the
 * fine-tuning task (C API) does not pay.
 *
 * @module
 */

import { adamWCpu } from "../../../kernels/adam_w.ts";
import { adamWBackend } from "../../../lib/optim/adam_w.ts";
import { Rng } from "../../../lib/optim/rng.ts";
import { createLoraAdapters } from "../../../models/chronos2/train/lora.ts";
import { createGraphBackend } from "../../../models/chronos2/train/backend.ts";
import { sampleTrainingBatch } from "../../../models/chronos2/train/windows.ts";
import { BENCH_SERIES, BENCH_WINDOWS, fullSizeConfig, randomWeights } from "./_train_setup.ts";
import { matMulReference, summariseTrace, type TraceEvent } from "./_profile_trace.ts";

const LAYERS = Number(Deno.env.get("BENCH_LAYERS") ?? 12);
const RUNS = Number(Deno.env.get("BENCH_RUNS") ?? 2);
const MODE = (Deno.env.get("BENCH_MODE") ?? "full") as "full" | "lora";

const config = await fullSizeConfig(LAYERS);
const weights = randomWeights(config);
const adapters = MODE === "lora" ? createLoraAdapters(weights, new Rng(0, "lora")) : undefined;
const dir = await Deno.makeTempDir({ prefix: "train_profile_" });
const backend = await createGraphBackend(config, weights, {
  rows: 8,
  length: 512,
  predictionLength: 16,
  profileFilePrefix: `${dir}/train`,
  zeroCopy: Deno.env.get("BENCH_ZERO_COPY") === "1",
  // univariate data: the graph fine-tuning builds for one-row groups (BENCH_GROUPS=grouped: not)
  singletonGroups: Deno.env.get("BENCH_GROUPS") !== "grouped",
  ...(adapters ? { adapters } : {}),
});
const source = new Map<string, Float32Array>([...weights].map(([k, t]) => [k, t.data]));
for (const a of adapters ?? []) source.set(a.nameA, a.a).set(a.nameB, a.b);
const sizes = backend.params.map((p) => p.shape.reduce((a, b) => a * b, 1));
const total = sizes.reduce((a, b) => a + b, 0);
// the buffers as fine-tuning allocates them (shared and updated on every core where the
// backend takes shared memory)
const state = (await adamWBackend("cpu")).allocate?.(total, {
  shared: backend.sharedMemory === true,
}) ?? {
  params: new Float32Array(total),
  grads: new Float32Array(total),
  m: new Float32Array(total),
  v: new Float32Array(total),
};
let off = 0;
const params = backend.params.map((p, i) => {
  const view = state.params.subarray(off, off + sizes[i]!);
  view.set(source.get(p.name)!);
  off += sizes[i]!;
  return view;
});
off = 0;
const gradViews = sizes.map((n) => {
  const view = state.grads.subarray(off, off + n);
  off += n;
  return view;
});

const walls: { run: number; adam: number; step: number }[] = [];
for (let step = 0; step <= RUNS; step++) {
  const batch = sampleTrainingBatch(BENCH_SERIES, new Rng(1, "data", step), BENCH_WINDOWS);
  const t0 = performance.now();
  await backend.trainStep(batch, params, new Rng(1, "dropout", step), gradViews);
  const t1 = performance.now();
  adamWCpu(state, { lr: 1e-5, step: step + 1, weightDecay: 0, maxGradNorm: 1 });
  const t2 = performance.now();
  if (step > 0) {
    walls.push({ run: (t1 - t0) / 1000, adam: (t2 - t1) / 1000, step: (t2 - t0) / 1000 });
  }
}
backend.endProfiling();
await backend.release();
const file = [...Deno.readDirSync(dir)].find((e) => e.name.endsWith(".json"))!.name;
const events = JSON.parse(await Deno.readTextFile(`${dir}/${file}`)) as TraceEvent[];
if (Deno.env.get("BENCH_KEEP_TRACE")) console.log(`trace: ${dir}/${file}`);
else await Deno.remove(dir, { recursive: true });

const s = summariseTrace(events, { skipRuns: 1 });
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const runWall = med(walls.map((w) => w.run));
const ms = (us: number) => (us / 1000 / s.runs).toFixed(1).padStart(8);
console.log(
  `${MODE} step, ${LAYERS} layers, ${total} trainable values, median of ${walls.length} steps:`,
);
console.log(
  `  step ${med(walls.map((w) => w.step)).toFixed(3)} s = session run ${
    runWall.toFixed(3)
  } s + clipping/AdamW ${med(walls.map((w) => w.adam)).toFixed(3)} s`,
);
console.log(
  `  node time in the trace ${(s.nodeMicros / 1e6 / s.runs).toFixed(3)} s per run; ` +
    `the rest of the run (feeds, masks, binding, copies) ${
      (runWall - s.nodeMicros / 1e6 / s.runs).toFixed(3)
    } s`,
);
console.log("\nby region (ms per run, % of node time):");
for (const [k, us] of s.byRegion) {
  console.log(`  ${k.padEnd(34)} ${ms(us)}  ${(100 * us / s.nodeMicros).toFixed(1).padStart(5)} %`);
}
console.log("\nby op type (ms per run, % of node time, count per run):");
for (const [k, v] of [...s.byOp].slice(0, 25)) {
  console.log(
    `  ${k.padEnd(34)} ${ms(v.micros)}  ${
      (100 * v.micros / s.nodeMicros).toFixed(1).padStart(5)
    } %  ${(v.count / s.runs).toFixed(0).padStart(5)}`,
  );
}
console.log("\nmatrix products by shape (M x K x N [batch]; ms per run, GFLOP/s achieved):");
for (const [k, v] of [...s.byGemm].slice(0, 14)) {
  console.log(
    `  ${k.padEnd(44)} ${ms(v.micros)}  ${(v.flops / v.micros / 1e3).toFixed(1).padStart(6)}  x${
      (v.count / s.runs).toFixed(0)
    }`,
  );
}
const gemmMicros = [...s.byGemm.values()].reduce((a, v) => a + v.micros, 0);
const gemmFlops = [...s.byGemm.values()].reduce((a, v) => a + v.flops, 0);
console.log(
  `  all: ${ms(gemmMicros)} ms, ${(gemmFlops / s.runs / 1e9).toFixed(1)} GFLOP per run, ${
    (gemmFlops / gemmMicros / 1e3).toFixed(1)
  } GFLOP/s`,
);
console.log("\nORT's standalone MatMul on this machine (same shapes, 2-D):");
for (const [m, k, n] of [[272, 768, 3072], [768, 272, 3072], [272, 3072, 768], [272, 768, 768]]) {
  const r = await matMulReference(m!, k!, n!);
  console.log(`  ${`${m} x ${k} x ${n}`.padEnd(20)} ${r.toFixed(1)} GFLOP/s`);
}
