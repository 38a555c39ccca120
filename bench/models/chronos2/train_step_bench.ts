/**
 * Seconds per fine-tuning step of full-size Chronos-2 (seeded random weights,
 * the released architecture: d_model 768, 12 layers, 12 heads, d_ff 3072, 21
 * quantiles) at batch 8, context 512, horizon 16, full and LoRA, plus where the
 * time goes and the peak resident memory. A step does what `fit` does with one
 * micro-batch: the training session (dropout masks, parameters fed as views
 * of the flat buffer, forward + loss + backward, gradients written by ONNX
 * Runtime straight into views of the flat gradient buffer), then clipping +
 * AdamW.
 * Anchor (official, one step incl. fused AdamW): 2.25 s full, 1.67 s LoRA.
 *
 * On unload it prints, per mode, the min and median seconds of each phase
 * over the measured steps (the machine is shared: read the min), and the peak
 * resident memory of the process (VmHWM: both modes' sessions together unless
 * one mode is picked with BENCH_MODE=full or BENCH_MODE=lora).
 *
 * Sizes can be lowered for a quick look: BENCH_LAYERS=2 deno bench -A bench/models/chronos2/train_step_bench.ts
 *
 * Memory knobs, to compare against the training defaults (one mode per
 * process, so that VmHWM is that mode's): BENCH_MEM_PATTERN=0|1 and
 * BENCH_ARENA=0|1 (ORT's memory pattern and CPU arena in both sessions),
 * BENCH_GRADS_INTO=0 (ORT allocates the gradient outputs and they are copied
 * into the flat buffer, instead of being written there directly), BENCH_ADOPT=0
 * (the weights map keeps its own copy of the trainable tensors). Run with
 * `--v8-flags=--expose-gc` to have ORT's output copies collected after each
 * training run. BENCH_GROUPS=grouped builds the grouped attention (as data
 * with covariates runs) instead of the graph for one-row groups that
 * fine-tuning builds for this univariate series.
 *
 * @module
 */

import { adamWCpu } from "../../../kernels/adam_w.ts";
import { adamWBuffers } from "../../../kernels/_adam_w_simd.ts";
import { Rng } from "../../../lib/optim/rng.ts";
import { cpuKernelThreads } from "../../../lib/optim/adam_w.ts";
import { KeepMasks } from "../../../lib/optim/keep_mask.ts";
import { buildTrainingGraph } from "../../../models/chronos2/train/graph.ts";
import { createLoraAdapters } from "../../../models/chronos2/train/lora.ts";
import { createGraphBackend, type GraphBackend } from "../../../models/chronos2/train/backend.ts";
import { sampleTrainingBatch } from "../../../models/chronos2/train/windows.ts";
import { BENCH_SERIES, BENCH_WINDOWS, fullSizeConfig, randomWeights } from "./_train_setup.ts";

const LAYERS = Number(Deno.env.get("BENCH_LAYERS") ?? 12);
const MODES = (Deno.env.get("BENCH_MODE") ?? "full,lora").split(",") as ("full" | "lora")[];
/** Unset: the training defaults; "0"/"1": ORT's memory pattern / CPU arena off/on. */
const flag = (name: string) => {
  const v = Deno.env.get(name);
  return v === undefined ? undefined : v === "1";
};
const MEM_PATTERN = flag("BENCH_MEM_PATTERN");
const ARENA = flag("BENCH_ARENA");
/** BENCH_GRADS_INTO=0: ORT allocates the gradients and they are copied in (the old path). */
const GRADS_INTO = Deno.env.get("BENCH_GRADS_INTO") !== "0";
/**
 * BENCH_ADOPT=0: the weights map keeps its own copy of the trainable tensors
 * (fit without `adoptInitial`); by default they become views of the flat
 * buffer, as `fit` with `adoptInitial` leaves them.
 */
const ADOPT = Deno.env.get("BENCH_ADOPT") !== "0";
const config = await fullSizeConfig(LAYERS);
const weights = randomWeights(config);
const series = BENCH_SERIES;
/** The graphs' fixed sizes: batch 8, context 512, horizon 16. */
const BENCH_SIZES = { rows: 8, length: 512, predictionLength: 16 };
const windowOpts = BENCH_WINDOWS;

let peak = 0;
const sample = () => (peak = Math.max(peak, Deno.memoryUsage().rss));
/** Seconds per phase and mode, over the measured (not warm-up) runs. */
const phases = new Map<string, number[]>();
const record = (key: string, seconds: number) => {
  if (!phases.has(key)) phases.set(key, []);
  phases.get(key)!.push(seconds);
};

async function setup(mode: "full" | "lora") {
  const adapters = mode === "lora" ? createLoraAdapters(weights, new Rng(0, "lora")) : undefined;
  const backend: GraphBackend = await createGraphBackend(config, weights, {
    ...BENCH_SIZES,
    // univariate data: the graph fine-tuning builds for one-row groups (BENCH_GROUPS=grouped: not)
    singletonGroups: Deno.env.get("BENCH_GROUPS") !== "grouped",
    ...(adapters ? { adapters } : {}),
    ...(MEM_PATTERN !== undefined ? { enableMemPattern: MEM_PATTERN } : {}),
    ...(ARENA !== undefined ? { enableCpuMemArena: ARENA } : {}),
  });
  const source = new Map<string, Float32Array>([...weights].map(([k, t]) => [k, t.data]));
  for (const a of adapters ?? []) source.set(a.nameA, a.a).set(a.nameB, a.b);
  const total = backend.params.reduce((a, p) => a + p.shape.reduce((x, y) => x * y, 1), 0);
  // as in fit with the CPU optimizer: the flat buffers live in the AdamW kernel's memory
  const state = adamWBuffers(total) ?? {
    params: new Float32Array(total),
    grads: new Float32Array(total),
    m: new Float32Array(total),
    v: new Float32Array(total),
  };
  // as in fit: the session is fed views of the flat parameter buffer AdamW updates
  let off = 0;
  const params = backend.params.map((p) => {
    const view = state.params.subarray(off, off + p.shape.reduce((x, y) => x * y, 1));
    view.set(source.get(p.name)!);
    off += view.length;
    const w = weights.get(p.name);
    if (ADOPT && w) w.data = view;
    return view;
  });
  off = 0;
  const gradViews = backend.params.map((p) => {
    const view = state.grads.subarray(off, off + p.shape.reduce((x, y) => x * y, 1));
    off += view.length;
    return view;
  });
  sample();
  return { backend, params, state, gradViews };
}

const WARMUP = 1;
/** Measured steps per mode (BENCH_RUNS, default 5). */
const RUNS = Number(Deno.env.get("BENCH_RUNS") ?? 5);
for (const mode of MODES) {
  const ctx = await setup(mode);
  let step = 0;
  Deno.bench({
    name: `train step ${mode} (batch 8, context 512, horizon 16, ${LAYERS} layers)`,
    group: mode,
    baseline: true,
    n: RUNS,
    warmup: WARMUP,
    async fn() {
      const t0 = performance.now();
      const batch = sampleTrainingBatch(series, new Rng(1, "data", step), windowOpts);
      const { grads } = await ctx.backend.trainStep(
        batch,
        ctx.params,
        new Rng(1, "dropout", step),
        GRADS_INTO ? ctx.gradViews : undefined,
      );
      const t1 = performance.now();
      if (!GRADS_INTO) {
        let off = 0;
        for (const g of grads) {
          ctx.state.grads.set(g as Float32Array, off);
          off += g.length;
        }
      }
      const t2 = performance.now();
      adamWCpu(ctx.state, { lr: 1e-5, step: ++step, weightDecay: 0, maxGradNorm: 1 });
      const t3 = performance.now();
      sample();
      if (step > WARMUP) {
        record(`${mode}: step`, (t3 - t0) / 1000);
        record(
          `${mode}:   session run (masks, feeds, forward, backward, gradients out)`,
          (t1 - t0) / 1000,
        );
        record(`${mode}:   gradients into the flat buffer`, (t2 - t1) / 1000);
        record(`${mode}:   clipping + AdamW (${ctx.state.params.length} values)`, (t3 - t2) / 1000);
      }
    },
  });
  let evals = 0;
  Deno.bench({
    name: `forward + loss only, no dropout (${mode} graph inputs)`,
    group: mode,
    n: 3,
    warmup: 1,
    async fn() {
      const batch = sampleTrainingBatch(series, new Rng(1, "data", 0), windowOpts);
      const t0 = performance.now();
      await ctx.backend.evalLoss(batch, ctx.params);
      if (++evals > 1) {
        record(`${mode}: forward + loss (validation session)`, (performance.now() - t0) / 1000);
      }
      sample();
    },
  });
}

// the masks of one training step, as the backend fills them: the training graph's mask shapes,
// one key per mask from the step's generator, split over the kernel threads
const maskSet = KeepMasks.create(
  buildTrainingGraph(config, weights, {
    ...BENCH_SIZES,
    dropout: config.dropoutRate,
    gradients: false,
    frozenAsInputs: true,
    singletonGroups: Deno.env.get("BENCH_GROUPS") !== "grouped",
  }).masks.map((m) => m.shape.reduce((a, d) => a * d, 1)),
  { threads: cpuKernelThreads() },
);
Deno.bench({
  name: `dropout masks for one step (${maskSet.masks.length} masks, KeepMasks)`,
  n: 5,
  warmup: 1,
  fn() {
    const r = new Rng(1, "dropout", 0);
    const p = config.dropoutRate;
    maskSet.fill(maskSet.masks.map(() => r.nextUint32()), p, Math.fround(1 / (1 - p)));
  },
});

globalThis.addEventListener("unload", () => {
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const lines = [...phases].map(([k, xs]) =>
    `${k.padEnd(72)} min ${Math.min(...xs).toFixed(3)} s  median ${
      median(xs).toFixed(3)
    } s  (${xs.length} runs)`
  );
  const hwm = Deno.readTextFileSync("/proc/self/status").match(/VmHWM:\s+(\d+) kB/);
  lines.push(
    `peak resident memory: ${(peak / 2 ** 30).toFixed(2)} GiB sampled, ${
      hwm ? (Number(hwm[1]) / 2 ** 20).toFixed(2) : "?"
    } GiB VmHWM`,
  );
  // deno-lint-ignore no-console
  console.log(lines.join("\n"));
});
