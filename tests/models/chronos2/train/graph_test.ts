import { assert, assertEquals } from "../../../_helpers/assert.ts";
import { assertClose } from "../../../_helpers/assert_close.ts";
import { serializeModel } from "../../../../lib/onnx/serialize.ts";
import { Rng } from "../../../../lib/optim/rng.ts";
import { createSession, type Tensor } from "../../../../lib/runtime/session.ts";
import { loadChronos2Config } from "../../../../models/chronos2/config.ts";
import { createLoraAdapters } from "../../../../models/chronos2/train/lora.ts";
import type { CaseJson } from "../../../../models/chronos2/parity/cases.ts";
import { buildTrainingGraph } from "../../../../models/chronos2/train/graph.ts";
import { checkTrainingCase } from "../../../../models/chronos2/parity/training.ts";
import { validationBatches } from "../../../../models/chronos2/train/windows.ts";
import { readSafetensors } from "../../../../models/chronos2/weights.ts";
import { LOSS_CASES, readLossCase, TINY_DIR, toSeries } from "../_loss_case.ts";

const config = await loadChronos2Config(new URL("config.json", TINY_DIR).pathname);
const weights = await readSafetensors(new URL("model.safetensors", TINY_DIR).pathname);

for (const name of LOSS_CASES) {
  Deno.test(`training graph matches the official loss and every gradient of ${name} (1e-4)`, async () => {
    const c = await readLossCase(name);
    const checks = await checkTrainingCase(c as unknown as CaseJson, config, weights);
    const bad = checks.filter((k) => !k.ok);
    assertEquals(bad, [], `failed: ${bad.map((k) => `${k.name} ${k.relErr}`).join("; ")}`);
    assertEquals(checks.length, 1 + 14 + 40 + 1); // loss, small tensors, every tensor norm, total
  });
}

async function runGraph(
  opts: Parameters<typeof buildTrainingGraph>[2],
  extra: (tg: ReturnType<typeof buildTrainingGraph>) => Record<string, Tensor>,
) {
  const c = await readLossCase("L2_training_loss_covariates");
  const [b] = validationBatches(c.inputs.map(toSeries), {
    contextLength: 2048,
    predictionLength: 24,
    batchSize: 256,
  });
  const tg = buildTrainingGraph(config, weights, opts);
  const s = await createSession(serializeModel(tg.graph), {
    executionProvider: "cpu",
    graphOptimization: "disabled",
  });
  const ctx = new Float32Array(6 * 128).fill(NaN);
  for (let r = 0; r < 6; r++) ctx.set(b!.context.subarray(r * 120, r * 120 + 120), r * 128 + 8);
  const out = await s.run({
    context: { dtype: "float32", dims: [6, 128], data: ctx },
    "group_ids": { dtype: "int64", dims: [6], data: BigInt64Array.from(b!.groupIds, BigInt) },
    "future_covariates": { dtype: "float32", dims: [6, 24], data: b!.futureCovariates },
    "future_target": { dtype: "float32", dims: [6, 24], data: b!.futureTarget },
    ...extra(tg),
  });
  await s.release();
  return { out, tg, loss: c.loss };
}

Deno.test("LoRA gradients follow from the full gradient: dB = s·dW·Aᵀ, dA = s·Bᵀ·dW = 0 at B = 0", async () => {
  const adapters = createLoraAdapters(weights, new Rng(1, "lora"));
  const full = await runGraph(
    { rows: 6, length: 128, predictionLength: 24 },
    (tg) =>
      Object.fromEntries(tg.params.map((p) => [p.name, {
        dtype: "float32" as const,
        dims: p.shape,
        data: weights.get(p.name)!.data,
      }])),
  );
  const lora = await runGraph(
    { rows: 6, length: 128, predictionLength: 24, adapters },
    (tg) => {
      assertEquals(tg.params.length, 2 * adapters.length);
      return Object.fromEntries(adapters.flatMap((a) => [
        [a.nameA, { dtype: "float32" as const, dims: [a.rank, a.in], data: a.a }],
        [a.nameB, { dtype: "float32" as const, dims: [a.out, a.rank], data: a.b }],
      ]));
    },
  );
  // B = 0: the model and the loss are unchanged
  assertClose(Number(lora.out.loss!.data[0]), full.loss, { atol: 0, rtol: 1e-6 });
  for (const a of adapters) {
    const gW = full.out[`grad/${a.target}`]!.data as Float32Array;
    const expected = new Float64Array(a.out * a.rank);
    for (let o = 0; o < a.out; o++) {
      for (let r = 0; r < a.rank; r++) {
        let s = 0;
        for (let i = 0; i < a.in; i++) s += gW[o * a.in + i]! * a.a[r * a.in + i]!;
        expected[o * a.rank + r] = a.scale * s;
      }
    }
    const gB = lora.out[`grad/${a.nameB}`]!.data as Float32Array;
    const scale = Math.max(...expected.map(Math.abs), 1e-6);
    assertClose(gB, expected, { atol: 2e-5 * scale, rtol: 0, label: a.nameB });
    assert((lora.out[`grad/${a.nameA}`]!.data as Float32Array).every((x) => x === 0));
  }
});

Deno.test("dropout masks sit at every official site and change the loss only through the masks", async () => {
  const feedsFor = (tg: ReturnType<typeof buildTrainingGraph>, keep: (i: number) => number) => {
    const feeds: Record<string, Tensor> = {};
    for (const p of tg.params) {
      feeds[p.name] = { dtype: "float32", dims: p.shape, data: weights.get(p.name)!.data };
    }
    for (const m of tg.masks) {
      const n = m.shape.reduce((a, d) => a * d, 1);
      // inverted dropout's scaled mask at p = 0.5: 0 or 2
      feeds[m.name] = {
        dtype: "float32",
        dims: m.shape,
        data: Float32Array.from({ length: n }, (_, i) => 2 * keep(i)),
      };
    }
    return feeds;
  };
  const opts = { rows: 6, length: 128, predictionLength: 24, dropout: 0.5 };
  const a = await runGraph(opts, (tg) => {
    // per block: 2 attention probabilities, 2 attention residuals, FFN hidden and residual;
    // plus input block (context, future), encoder input, final output, output block
    assertEquals(tg.masks.length, 6 * config.numLayers + 5);
    return feedsFor(tg, () => 1);
  });
  const rng = new Rng(9);
  const b = await runGraph(opts, (tg) => feedsFor(tg, () => (rng.nextFloat() < 0.5 ? 0 : 1)));
  const la = Number(a.out.loss!.data[0]);
  const lb = Number(b.out.loss!.data[0]);
  assert(Number.isFinite(la) && Number.isFinite(lb));
  // keeping everything scales activations by 2 and so differs from the dropout-free loss
  assert(Math.abs(la - a.loss) > 1e-3 && Math.abs(lb - la) > 1e-3, `${la} ${lb} ${a.loss}`);
});
