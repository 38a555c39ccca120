import { assert, assertEquals, assertRejects } from "../../_helpers/assert.ts";
import { assertClose } from "../../_helpers/assert_close.ts";
import type { Rng } from "../../../lib/optim/rng.ts";
import { checkpointFolders, loadCheckpoint } from "../../../models/chronos2/train/checkpoint.ts";
import { fit, type FitOptions, type TrainingBackend } from "../../../lib/optim/fit.ts";
import { adamWBackend, type OptimizerBackend } from "../../../lib/optim/adam_w.ts";
import {
  type TrainingBatch,
  type TrainingSeries,
  windowSource,
} from "../../../models/chronos2/train/windows.ts";

/**
 * A toy model with a known gradient: next value = w·(last K context values) + b, squared
 * error on target rows, with inverted dropout on the inputs (so the masks matter for resume).
 */
function toyBackend(K: number, dropout: number): TrainingBackend<TrainingBatch> {
  const run = (batch: TrainingBatch, params: readonly Float32Array[], rng?: Rng) => {
    const [w, b] = params as [Float32Array, Float32Array];
    const gw = new Float64Array(K);
    let gb = 0;
    let loss = 0;
    let n = 0;
    for (let r = 0; r < batch.rows; r++) {
      const y = batch.futureTarget[r * batch.predictionLength]!;
      if (Number.isNaN(y)) continue;
      const x = Array.from({ length: K }, (_, i) => {
        const v = batch.context[r * batch.length + batch.length - K + i]!;
        const keep = rng ? (rng.nextFloat() >= dropout ? 1 / (1 - dropout) : 0) : 1;
        return Number.isNaN(v) ? 0 : v * keep;
      });
      const pred = x.reduce((a, xi, i) => a + xi * w[i]!, b[0]!);
      const e = pred - y;
      loss += e * e;
      for (let i = 0; i < K; i++) gw[i]! += 2 * e * x[i]!;
      gb += 2 * e;
      n++;
    }
    return {
      loss: loss / n,
      grads: [Float32Array.from(gw, (g) => g / n), new Float32Array([gb / n])],
    };
  };
  return {
    params: [{ name: "w", shape: [K] }, { name: "b", shape: [1] }],
    trainStep: (batch, params, rng) => Promise.resolve(run(batch, params, rng)),
    evalLoss: (batch, params) => Promise.resolve(run(batch, params).loss),
  };
}

/** Reference clipping + AdamW (PyTorch's formulas) in float64: the oracle for the loop's use of it. */
const referenceOptimizer: OptimizerBackend = {
  step({ params: p, grads: g, m, v }, h) {
    const norm = Math.sqrt(g.reduce((a, x) => a + x * x, 0));
    const c = Math.min(1, h.maxGradNorm / (norm + 1e-6));
    for (let i = 0; i < p.length; i++) {
      const gi = g[i]! * c;
      p[i]! *= 1 - h.lr * h.weightDecay;
      m[i] = h.beta1 * m[i]! + (1 - h.beta1) * gi;
      v[i] = h.beta2 * v[i]! + (1 - h.beta2) * gi * gi;
      const mh = m[i]! / (1 - h.beta1 ** h.step);
      const vh = v[i]! / (1 - h.beta2 ** h.step);
      p[i]! -= h.lr * mh / (Math.sqrt(vh) + h.eps);
    }
    return { gradNorm: norm };
  },
};

const series = [{
  rows: [Float64Array.from({ length: 400 }, (_, t) => Math.sin(t / 5) + 0.3 * Math.sin(t / 2.3))],
}];
const val = [0, 1, 2, 3, 4, 5, 6, 7].map((k) => ({
  rows: [Float64Array.from({ length: 60 }, (_, t) => {
    const u = 400 + 7 * k + t;
    return Math.sin(u / 5) + 0.3 * Math.sin(u / 2.3);
  })],
}));
const initial = new Map([["w", { data: new Float32Array(4) }], ["b", {
  data: new Float32Array([0.5]),
}]]);
const base: FitOptions = {
  numSteps: 6,
  learningRate: 0.05,
  gradientAccumulationSteps: 2,
  seed: 3,
  validateEvery: 2,
};
/** The toy's windows: 16 steps of context, horizon 1, 4 rows, drawn from the run's seed. */
const windows = (train: readonly TrainingSeries[], v?: readonly TrainingSeries[]) =>
  windowSource(train, v, { contextLength: 16, predictionLength: 1, batchSize: 4, seed: 3 });

Deno.test("fit() resumed from a checkpoint ends exactly where the uninterrupted run ends", async () => {
  const dir = await Deno.makeTempDir();
  const full = await fit(toyBackend(4, 0.1), referenceOptimizer, initial, windows(series, val), {
    ...base,
    checkpointEvery: 2,
    checkpoints: checkpointFolders(dir),
    fingerprint: { mode: "toy" },
  });
  // the last two checkpoints are kept
  assertEquals([...Deno.readDirSync(dir)].map((e) => e.name).sort(), [
    "checkpoint-2",
    "checkpoint-4",
  ]);
  const ck = await loadCheckpoint(`${dir}/checkpoint-4`);
  assertEquals(ck.state.step, 4);
  const resumed = await fit(
    toyBackend(4, 0.1),
    referenceOptimizer,
    initial,
    windows(series, val),
    {
      ...base,
      resume: ck,
      fingerprint: { mode: "toy" },
    },
  );
  assertEquals(resumed.history, full.history);
  assertEquals([...resumed.params.get("w")!.data], [...full.params.get("w")!.data]);
  assertEquals(resumed.bestStep, full.bestStep);
  // another seed or option is refused
  await assertRejects(
    fit(toyBackend(4, 0.1), referenceOptimizer, initial, windows(series), {
      ...base,
      resume: ck,
      fingerprint: { mode: "other" },
    }),
    RangeError,
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("fit() takes gradients written into its buffer and ones handed back alike", async () => {
  // the same toy model, but writing its gradients into the buffers fit offers
  const writing = (): TrainingBackend<TrainingBatch> => {
    const toy = toyBackend(4, 0.1);
    let written = 0;
    return {
      params: toy.params,
      evalLoss: toy.evalLoss,
      async trainStep(batch, params, rng, gradsInto) {
        const out = await toy.trainStep(batch, params, rng);
        if (!gradsInto) return out;
        written++;
        out.grads.forEach((g, i) => gradsInto[i]!.set(g));
        return { loss: out.loss, grads: gradsInto };
      },
      get written() {
        return written;
      },
    } as TrainingBackend<TrainingBatch> & { written: number };
  };
  const backend = writing();
  const a = await fit(backend, referenceOptimizer, initial, windows(series, val), base);
  const b = await fit(
    toyBackend(4, 0.1),
    referenceOptimizer,
    initial,
    windows(series, val),
    base,
  );
  // every micro-batch (2 per step) was written into a buffer fit offered
  assertEquals(
    (backend as unknown as { written: number }).written,
    base.numSteps * base.gradientAccumulationSteps!,
  );
  assertEquals(a.history, b.history);
  assertEquals([...a.params.get("w")!.data], [...b.params.get("w")!.data]);
});

Deno.test("fit() lowers the validation loss, follows the schedule and keeps the best tensors", async () => {
  const r = await fit(toyBackend(4, 0), referenceOptimizer, initial, windows(series, val), {
    ...base,
    numSteps: 150,
    validateEvery: 25,
  });
  const start = r.history[0]!;
  assertEquals(start.step, 0);
  const vals = r.history.filter((p) => p.valLoss !== undefined).map((p) => p.valLoss!);
  assertEquals(vals.length, 1 + 6);
  assert(vals.at(-1)! < 0.2 * vals[0]!, `validation loss ${vals[0]} → ${vals.at(-1)}`);
  assertEquals(r.bestValLoss, Math.min(...vals.slice(1)));
  // linear decay without warm-up: step s (1-based) used lr·(N − s + 1)/N
  const lrs = r.history.filter((p) => p.step > 0).map((p) => p.learningRate!);
  assertEquals(lrs[0], 0.05);
  assert(Math.abs(lrs[149]! - 0.05 / 150) < 1e-15);
  assert(r.history.slice(1).every((p) => Number.isFinite(p.gradNorm) && p.gradNorm! >= 0));
  assertEquals(r.stepsDone, 150);
});

Deno.test("fit() stops on abort and writes a checkpoint to continue from", async () => {
  const dir = await Deno.makeTempDir();
  const ctl = new AbortController();
  const r = await fit(toyBackend(4, 0.1), referenceOptimizer, initial, windows(series), {
    ...base,
    checkpoints: checkpointFolders(dir),
    onStep: (p) => {
      if (p.step === 3) ctl.abort();
    },
    signal: ctl.signal,
  });
  assert(r.interrupted);
  assertEquals(r.stepsDone, 3);
  assertEquals((await loadCheckpoint(r.lastCheckpoint!)).state.step, 3);
  const full = await fit(toyBackend(4, 0.1), referenceOptimizer, initial, windows(series), base);
  const resumed = await fit(toyBackend(4, 0.1), referenceOptimizer, initial, windows(series), {
    ...base,
    resume: await loadCheckpoint(r.lastCheckpoint!),
  });
  assertEquals([...resumed.params.get("b")!.data], [...full.params.get("b")!.data]);
  await Deno.remove(dir, { recursive: true });
});

Deno.test('adamWBackend("cpu") drives the same run as the float64 reference optimizer', async () => {
  const opts = { ...base, numSteps: 20, validateEvery: 0 };
  const ref = await fit(
    toyBackend(4, 0.1),
    referenceOptimizer,
    initial,
    windows(series, val),
    opts,
  );
  const kernel = await fit(
    toyBackend(4, 0.1),
    await adamWBackend("cpu"),
    initial,
    windows(series, val),
    opts,
  );
  assertClose(kernel.params.get("w")!.data, ref.params.get("w")!.data, { atol: 1e-5, rtol: 1e-4 });
  assertClose(kernel.bestValLoss!, ref.bestValLoss!, { atol: 0, rtol: 1e-4 });
});
