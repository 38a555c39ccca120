// deno-lint-ignore-file no-console -- a bench script that reports on the terminal
/**
 * The fine-tuning step of this checkout against another one (a `git
 * worktree` of an earlier commit), side by side in one process on the same
 * full-size random model (batch 8, context 512, horizon 16): both training
 * backends are built, then each round runs one step of each, in alternating
 * order, so that the load of a shared machine falls on both alike. A step is
 * what `fit` does with one micro-batch: the training session (dropout masks,
 * feeds, forward + loss + backward, gradients out) then clipping + AdamW,
 * each side with its own kernel and buffers.
 *
 * Before the rounds, each side computes one step at the same parameters and
 * batch with dropout off (a backend of its own), so their losses and
 * gradients must agree to float tolerance: the script prints the loss
 * difference and the gradient differences (largest and L2, relative) over
 * every trainable value. (With dropout on the sides may draw different
 * masks: this checkout's pruned last layer has fewer dropout values.)
 *
 * Run (after `git worktree add --detach /tmp/before <commit>` and a
 * `node_modules` link there):
 *   BENCH_BEFORE=/tmp/before BENCH_MODE=full deno run -A --v8-flags=--expose-gc \
 *     bench/models/chronos2/train_step_compare.ts
 * Env: BENCH_MODE=full|lora, BENCH_ROUNDS (measured rounds, default 5),
 * BENCH_LAYERS (default 12), BENCH_ONLY=before|after (one side only, for its
 * own peak memory: VmHWM is per process), BENCH_THREADS (ORT intra-op
 * threads, default 0 = ORT decides; 1 makes the CPU seconds a measure of the
 * work itself when other processes crowd the machine, since no pool thread
 * spins then), BENCH_RETAIN=1 (let this checkout's backend keep freed heap
 * memory for reuse: a process-wide setting, so with both sides in one process
 * it speeds up both; measure it with BENCH_ONLY=after, with and without),
 * BENCH_GROUPS=grouped (this checkout's graph attends over groups, as with
 * covariates, instead of the graph for one-row groups that fine-tuning
 * builds for this univariate data).
 *
 * @module
 */

import { existsSync } from "node:fs";
import { Rng } from "../../../lib/optim/rng.ts";
import { sampleTrainingBatch } from "../../../models/chronos2/train/windows.ts";
import { BENCH_SERIES, BENCH_WINDOWS, fullSizeConfig, randomWeights } from "./_train_setup.ts";

const BEFORE = Deno.env.get("BENCH_BEFORE");
if (!BEFORE) throw new Error("Set BENCH_BEFORE to the checkout to compare against");
const MODE = (Deno.env.get("BENCH_MODE") ?? "full") as "full" | "lora";
const ROUNDS = Number(Deno.env.get("BENCH_ROUNDS") ?? 5);
const LAYERS = Number(Deno.env.get("BENCH_LAYERS") ?? 12);
const ONLY = Deno.env.get("BENCH_ONLY");
/** ORT intra-op threads (0: ORT decides). With 1, CPU seconds measure the work even on a crowded machine. */
const THREADS = Number(Deno.env.get("BENCH_THREADS") ?? 0);

const config = await fullSizeConfig(LAYERS);
const weights = randomWeights(config);

/** CPU seconds of this process so far, all threads (user + system; 100 ticks a second). */
function cpuSeconds(): number {
  const f = Deno.readTextFileSync("/proc/self/stat").split(") ")[1]!.split(" ");
  return (Number(f[11]) + Number(f[12])) / 100;
}

/** System CPU seconds and minor page faults of this process so far. */
function kernelSide(): { sys: number; faults: number } {
  const f = Deno.readTextFileSync("/proc/self/stat").split(") ")[1]!.split(" ");
  return { sys: Number(f[12]) / 100, faults: Number(f[7]) };
}

interface Side {
  name: string;
  /** One step; returns seconds of the session run and of clipping + AdamW, its CPU seconds, and the loss. */
  step(i: number): Promise<{ run: number; adam: number; cpu: number; loss: number }>;
  /** Loss and gradients (a copy) of step 0's batch at the initial parameters, dropout off. */
  check(): Promise<{ loss: number; grads: Float32Array }>;
}

type Buffers = { params: Float32Array; grads: Float32Array; m: Float32Array; v: Float32Array };

async function side(name: string, root: string): Promise<Side> {
  // createGraphBackend lives in train/backend.ts since the third round, in train/graph.ts before
  const graph = await import(
    `${root}/models/chronos2/train/${
      existsSync(`${root}/models/chronos2/train/backend.ts`) ? "backend" : "graph"
    }.ts`
  );
  const lora = await import(`${root}/models/chronos2/train/lora.ts`);
  const kernel = await import(`${root}/kernels/adam_w.ts`);
  const optim = await import(`${root}/lib/optim/adam_w.ts`);
  const optimizer = await optim.adamWBackend("cpu");
  const adapters = MODE === "lora"
    ? lora.createLoraAdapters(weights, new Rng(0, "lora"))
    : undefined;
  const backendOptions = {
    rows: 8,
    length: 512,
    predictionLength: 16,
    intraOpThreads: THREADS,
    // a process-wide malloc setting: off here, or both sides would have it (its own effect is
    // measured one side per process: BENCH_ONLY=after with BENCH_RETAIN=1 and without)
    retainFreedMemory: Deno.env.get("BENCH_RETAIN") === "1",
    // the bench series is univariate, so fine-tuning builds the graph for one-row groups
    // (an option older checkouts ignore); BENCH_GROUPS=grouped runs the grouped attention
    singletonGroups: Deno.env.get("BENCH_GROUPS") !== "grouped",
    ...(adapters ? { adapters } : {}),
  };
  const backend = await graph.createGraphBackend(config, weights, backendOptions);
  const specs = backend.params as { name: string; shape: number[] }[];
  const sizes = specs.map((p) => p.shape.reduce((a, b) => a * b, 1));
  const total = sizes.reduce((a, b) => a + b, 0);
  // the buffers as `fit` allocates them (shared and updated on several threads where the
  // backend takes shared memory; plain arrays where the optimizer has no allocator)
  const state: Buffers = optimizer.allocate?.(total, { shared: backend.sharedMemory === true }) ?? {
    params: new Float32Array(total),
    grads: new Float32Array(total),
    m: new Float32Array(total),
    v: new Float32Array(total),
  };
  const source = new Map<string, Float32Array>([...weights].map(([k, t]) => [k, t.data]));
  for (const a of adapters ?? []) source.set(a.nameA, a.a).set(a.nameB, a.b);
  const cut = (flat: Float32Array) => {
    let off = 0;
    return sizes.map((n) => flat.subarray(off, off += n));
  };
  const params = cut(state.params);
  params.forEach((v, i) => v.set(source.get(specs[i]!.name)!));
  const gradViews = cut(state.grads);
  console.log(
    `${name}: ${total} trainable values, buffers ${
      !optimizer.allocate
        ? "plain arrays"
        : state.params.buffer instanceof SharedArrayBuffer
        ? "in the kernel's shared memory (threaded update)"
        : "in the kernel's memory"
    }`,
  );
  return {
    name,
    async check() {
      // dropout off: the sides may draw their masks differently (the pruned last layer of
      // "after" has fewer sites' values), so only the deterministic step is compared
      const off = await graph.createGraphBackend(config, weights, {
        ...backendOptions,
        dropout: 0,
      });
      const batch = sampleTrainingBatch(BENCH_SERIES, new Rng(1, "data", 0), BENCH_WINDOWS);
      const { loss } = await off.trainStep(batch, params, new Rng(1, "dropout", 0), gradViews);
      await off.release();
      return { loss, grads: state.grads.slice() };
    },
    async step(i) {
      const batch = sampleTrainingBatch(BENCH_SERIES, new Rng(1, "data", i), BENCH_WINDOWS);
      const c0 = cpuSeconds();
      const t0 = performance.now();
      const { loss } = await backend.trainStep(batch, params, new Rng(1, "dropout", i), gradViews);
      const t1 = performance.now();
      kernel.adamWCpu(state, { lr: 1e-5, step: i + 1, weightDecay: 0, maxGradNorm: 1 });
      const t2 = performance.now();
      return { run: (t1 - t0) / 1000, adam: (t2 - t1) / 1000, cpu: cpuSeconds() - c0, loss };
    },
  };
}

const sides: Side[] = [];
if (ONLY !== "after") sides.push(await side("before", BEFORE));
if (ONLY !== "before") {
  sides.push(await side("after", new URL("../../..", import.meta.url).pathname));
}

if (sides.length === 2) {
  // the same parameters and batch on both sides, dropout off: loss and gradients must agree
  const [a, b] = [await sides[0]!.check(), await sides[1]!.check()];
  let maxDiff = 0;
  let maxAbs = 0;
  let d2 = 0;
  let n2 = 0;
  for (let i = 0; i < a.grads.length; i++) {
    const d = Math.abs(a.grads[i]! - b.grads[i]!);
    if (d > maxDiff) maxDiff = d;
    if (Math.abs(a.grads[i]!) > maxAbs) maxAbs = Math.abs(a.grads[i]!);
    d2 += d * d;
    n2 += a.grads[i]! * a.grads[i]!;
  }
  console.log(
    `gradient check (dropout off, same parameters and batch): loss ${a.loss} vs ${b.loss} (relative ${
      (Math.abs(a.loss - b.loss) / Math.abs(a.loss)).toExponential(2)
    }); gradients: largest difference ${maxDiff.toExponential(2)} (${
      (maxDiff / maxAbs).toExponential(2)
    } of the largest gradient), L2 difference ${Math.sqrt(d2 / n2).toExponential(2)} relative`,
  );
}

const times = new Map(
  sides.map((s) => [s.name, [] as { run: number; adam: number; cpu: number }[]]),
);
const ratios: number[] = [];
let k0 = kernelSide();
for (let r = 0; r <= ROUNDS; r++) {
  if (r === 1) k0 = kernelSide();
  const order = r % 2 === 0 ? sides : [...sides].reverse();
  const got = new Map<string, { run: number; adam: number; cpu: number; loss: number }>();
  for (const s of order) got.set(s.name, await s.step(r));
  if (r === 0) continue; // warm-up
  for (const [k, v] of got) times.get(k)!.push({ run: v.run, adam: v.adam, cpu: v.cpu });
  if (sides.length === 2) {
    const t = (k: string) => got.get(k)!.run + got.get(k)!.adam;
    ratios.push(t("before") / t("after"));
  }
}

const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(
  `\n${MODE} step, ${LAYERS} layers, ${
    THREADS || "default"
  } ORT threads, medians of ${ROUNDS} alternating rounds:`,
);
for (const [k, ts] of times) {
  console.log(
    `  ${k.padEnd(7)} step ${med(ts.map((t) => t.run + t.adam)).toFixed(3)} s  (session run ${
      med(ts.map((t) => t.run)).toFixed(3)
    } s, clipping + AdamW ${med(ts.map((t) => t.adam)).toFixed(3)} s; CPU ${
      med(ts.map((t) => t.cpu)).toFixed(2)
    } s)  all: ${ts.map((t) => (t.run + t.adam).toFixed(2)).join(" ")}`,
  );
}
if (ratios.length > 0) {
  console.log(
    `  speed-up: median of per-round ratios ${med(ratios).toFixed(2)}x (${
      ratios.map((x) => x.toFixed(2)).join(" ")
    })`,
  );
}
const k1 = kernelSide();
console.log(
  `  per round (all sides): ${((k1.sys - k0.sys) / ROUNDS).toFixed(2)} s system CPU, ${
    Math.round((k1.faults - k0.faults) / ROUNDS)
  } minor page faults`,
);
const hwm = Deno.readTextFileSync("/proc/self/status").match(/VmHWM:\s+(\d+) kB/);
console.log(
  `  peak resident memory (this process): ${hwm ? (Number(hwm[1]) / 2 ** 20).toFixed(2) : "?"} GiB`,
);
