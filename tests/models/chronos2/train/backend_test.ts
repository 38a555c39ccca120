import { assert, assertEquals, assertRejects } from "../../../_helpers/assert.ts";
import { assertClose } from "../../../_helpers/assert_close.ts";
import { Rng } from "../../../../lib/optim/rng.ts";
import { loadChronos2Config } from "../../../../models/chronos2/config.ts";
import { createLoraAdapters } from "../../../../models/chronos2/train/lora.ts";
import { createGraphBackend } from "../../../../models/chronos2/train/backend.ts";
import { buildTrainingGraph } from "../../../../models/chronos2/train/graph.ts";
import {
  sampleTrainingBatch,
  validationBatches,
} from "../../../../models/chronos2/train/windows.ts";
import { readSafetensors } from "../../../../models/chronos2/weights.ts";
import { readLossCase, TINY_DIR, toSeries } from "../_loss_case.ts";

const config = await loadChronos2Config(new URL("config.json", TINY_DIR).pathname);
const weights = await readSafetensors(new URL("model.safetensors", TINY_DIR).pathname);

Deno.test("LoRA backend feeding the frozen weights matches the official loss and stores no weight copy", async () => {
  const c = await readLossCase("L2_training_loss_covariates");
  const [vb] = validationBatches(c.inputs.map(toSeries), {
    contextLength: 2048,
    predictionLength: 24,
    batchSize: 256,
  });
  const context = new Float32Array(6 * 128).fill(NaN);
  for (let r = 0; r < 6; r++) {
    context.set(vb!.context.subarray(r * 120, r * 120 + 120), r * 128 + 8);
  }
  const batch = { ...vb!, context, length: 128 };
  const adapters = createLoraAdapters(weights, new Rng(1, "lora"));
  const sizes = { rows: 6, length: 128, predictionLength: 24, adapters };
  const tg = buildTrainingGraph(config, weights, { ...sizes, frozenAsInputs: true });
  // every non-adapter weight is an input; no weight is an initializer
  assertEquals(tg.frozen.map((f) => f.name).sort(), [...weights.keys()].sort());
  assert(tg.graph.initializers.every((i) => !weights.has(i.name)));
  const run = async (frozenAsInputs: boolean) => {
    const backend = await createGraphBackend(config, weights, {
      ...sizes,
      dropout: 0,
      frozenAsInputs,
      // each ORT memory setting is run both ways across the two runs
      enableMemPattern: !frozenAsInputs,
      enableCpuMemArena: !frozenAsInputs,
    });
    const params = backend.params.map((p) => {
      const a = adapters.find((x) => x.nameA === p.name || x.nameB === p.name)!;
      return p.name === a.nameA ? a.a : a.b;
    });
    // stored: the gradients are written into views of one NaN-filled flat buffer
    const sizesOf = backend.params.map((p) => p.shape.reduce((x, y) => x * y, 1));
    const flat = new Float32Array(sizesOf.reduce((x, y) => x + y, 0)).fill(NaN);
    let off = 0;
    const into = sizesOf.map((n) => flat.subarray(off, off += n));
    const out = await backend.trainStep(
      batch,
      params,
      new Rng(0),
      frozenAsInputs ? undefined : into,
    );
    if (!frozenAsInputs) {
      assert(out.grads.every((g, i) => g === into[i]), "gradients returned as the given views");
      assert(flat.every(Number.isFinite), "every gradient value was written");
    }
    const evalLoss = await backend.evalLoss(batch, params);
    await backend.release();
    return { ...out, evalLoss };
  };
  const fed = await run(true);
  const stored = await run(false);
  // B = 0: the model is the fixture model, so both losses are the official one
  assertClose(fed.loss, c.loss, { atol: 0, rtol: 1e-5, label: "training loss" });
  assertClose(fed.evalLoss, c.loss, { atol: 0, rtol: 1e-5, label: "validation loss" });
  fed.grads.forEach((g, i) => {
    const ref = stored.grads[i]!;
    const scale = Math.max(...Array.from(ref, Math.abs), 1e-6);
    assertClose(Array.from(g), Array.from(ref), {
      atol: 1e-5 * scale,
      rtol: 0,
      label: `grad ${i}`,
    });
  });
});

for (const mode of ["full", "lora"] as const) {
  Deno.test(`${mode}: the graph for one-row groups gives the grouped graph's loss and gradients, dropout on`, async () => {
    // three univariate series: every row of a batch is its own group
    const series = [0, 1, 2].map((k) => ({
      rows: [Float64Array.from({ length: 400 }, (_, t) => 10 + k + Math.sin(t / (5 + k)) * 3)],
    }));
    const batch = sampleTrainingBatch(series, new Rng(4, "data"), {
      contextLength: 96,
      predictionLength: 24,
      batchSize: 5,
      fixedLength: 96,
    });
    assertEquals(new Set(batch.groupIds).size, batch.rows);
    const adapters = mode === "lora" ? createLoraAdapters(weights, new Rng(1, "lora")) : undefined;
    const step = async (singletonGroups: boolean) => {
      const backend = await createGraphBackend(config, weights, {
        rows: 6, // one padding row
        length: 96,
        predictionLength: 24,
        dropout: 0.3,
        singletonGroups,
        ...(adapters ? { adapters } : {}),
      });
      try {
        const params = backend.params.map((p) => {
          const a = adapters?.find((x) => x.nameA === p.name || x.nameB === p.name);
          // B random too, so that every adapter's product is live
          if (a) return p.name === a.nameA ? a.a : a.b.map((_, i) => Math.sin(i) / 50);
          return weights.get(p.name)!.data;
        });
        const r = await backend.trainStep(batch, params, new Rng(7, "dropout"));
        const evalLoss = await backend.evalLoss(batch, params);
        return { names: backend.params.map((p) => p.name), ...r, evalLoss };
      } finally {
        await backend.release();
      }
    };
    const grouped = await step(false);
    const single = await step(true);
    assertEquals(single.names, grouped.names); // the same parameters in the same order
    assertClose(single.loss, grouped.loss, { atol: 0, rtol: 1e-6 });
    assertClose(single.evalLoss, grouped.evalLoss, { atol: 0, rtol: 1e-6 });
    let largest = 0;
    for (const g of grouped.grads) {
      for (const x of Array.from(g)) largest = Math.max(largest, Math.abs(x));
    }
    grouped.names.forEach((name, i) => {
      assertClose(single.grads[i]!, grouped.grads[i]!, {
        atol: 1e-5 * largest,
        rtol: 0,
        label: name,
      });
      // with one key per query, q and k of the group attention get no gradient at all
      if (/layer\.1\.self_attention\.[qk]\./.test(name)) {
        assert(Array.from(single.grads[i]!).every((x) => x === 0), `${name} is zero`);
      }
    });
  });
}

Deno.test("a graph for one-row groups refuses a batch with a larger group", async () => {
  const backend = await createGraphBackend(config, weights, {
    rows: 6,
    length: 96,
    predictionLength: 24,
    singletonGroups: true,
  });
  try {
    const series = [{
      rows: [0, 1].map((k) => Float64Array.from({ length: 300 }, (_, t) => k + t)),
    }];
    const batch = sampleTrainingBatch(series, new Rng(4, "data"), {
      contextLength: 96,
      predictionLength: 24,
      batchSize: 4,
      fixedLength: 96,
    });
    const params = backend.params.map((p) => weights.get(p.name)!.data);
    await assertRejects(
      () => backend.trainStep(batch, params, new Rng(1)),
      RangeError,
      "groups of several rows",
    );
  } finally {
    await backend.release();
  }
});
