import { deepEqual, equal, ok, rejects } from "node:assert/strict";
import { loadGbdtModel, saveGbdtModel } from "../../../lib/gbdt/gbdt_folder.ts";
import { fitGbdt, forecastGbdt } from "../../../lib/gbdt/gbdt_model.ts";
import { buildFeatures } from "../../../lib/gbdt/features.ts";
import { createSession } from "../../../lib/runtime/session.ts";
import type { TimeSeriesData } from "../../../lib/data/types.ts";
import { seededRandom } from "../../_helpers/random.ts";

function walk(n: number): TimeSeriesData {
  const rnd = seededRandom(7);
  const target = new Float64Array(n);
  for (let i = 1; i < n; i++) target[i] = 0.9 * target[i - 1]! + (i % 96 < 40 ? 5 : 0) + rnd() * 4;
  const measured = Float64Array.from(target, (v) => v * 0.3 + rnd());
  return {
    source: "walk",
    timestamps: Float64Array.from({ length: n }, (_, i) => (i + 1) * 900_000),
    frequencyMs: 900_000,
    targetName: "y",
    target,
    covariates: [{ name: "m", knownInAdvance: false, values: measured }],
  };
}

Deno.test("saveGbdtModel() writes a folder that loads back to the same forecasts, and an ONNX model that agrees", async () => {
  const data = walk(96 * 30);
  const model = fitGbdt(data, {
    train: { start: 0, end: 96 * 20 },
    val: { start: 96 * 20, end: 96 * 25 },
  }, { horizon: 2, levels: [0.1, 0.9], covariates: "past", threads: 1, numRounds: 60 });
  const dir = await Deno.makeTempDir();
  try {
    await saveGbdtModel(model, dir);
    const names = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
    deepEqual(names, ["gbdt.json", "model.json", "model.onnx"]);
    const origins = Array.from({ length: 50 }, (_, i) => 96 * 25 + 3 * i);
    const before = forecastGbdt(model, data, origins);
    const loaded = await loadGbdtModel(dir);
    try {
      const after = forecastGbdt(loaded, data, origins);
      deepEqual([...after.point], [...before.point]);
      deepEqual([...after.quantiles], [...before.quantiles]);
      deepEqual(loaded.featureNames, model.featureNames);
    } finally {
      loaded.booster.free();
    }
    // The ONNX model on the same feature rows gives XGBoost's forecasts.
    const m = buildFeatures(data, origins, { horizon: 2, covariates: "past" });
    const session = await createSession(await Deno.readFile(`${dir}/model.onnx`), {
      executionProvider: "cpu",
      intraOpThreads: 1,
    });
    try {
      const out = await session.run({
        features: { dtype: "float32", dims: [m.rows, m.names.length], data: m.data },
      });
      const y = out.prediction!.data as Float32Array;
      equal(y.length, before.point.length);
      for (let i = 0; i < y.length; i++) ok(Math.abs(y[i]! - before.point[i]!) < 1e-3, `row ${i}`);
    } finally {
      await session.release();
    }
  } finally {
    model.booster.free();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("loadGbdtModel() refuses a folder that is not a GBDT model", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/gbdt.json`, '{"format": "other"}');
    await rejects(loadGbdtModel(dir), /not a GBDT manifest/);
    await rejects(loadGbdtModel(`${dir}/missing`), Deno.errors.NotFound);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
