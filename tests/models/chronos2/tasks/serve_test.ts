import { assert, assertEquals } from "../../../_helpers/assert.ts";
import { assertClose } from "../../../_helpers/assert_close.ts";
import { loadChronos2 } from "../../../../models/chronos2/load.ts";
import { chronos2ServedModel, serveChronos2 } from "../../../../models/chronos2/tasks/serve.ts";
import { openChronos2 } from "../../../../models/chronos2/open.ts";
import { Batcher, type BatchRecord } from "../../../../lib/serve/batcher.ts";
import { fitGbdt, forecastGbdt } from "../../../../lib/gbdt/gbdt_model.ts";
import { saveGbdtModel } from "../../../../lib/gbdt/gbdt_folder.ts";
import { seededRandom } from "../../../_helpers/random.ts";

const FIXTURE = new URL("../../../fixtures/chronos2-tiny", import.meta.url).pathname;

function wave(n: number, phase: number): number[] {
  return Array.from({ length: n }, (_, i) => 10 + 3 * Math.sin(i / 3 + phase) + (i % 5) * 0.1);
}

const INPUTS = [
  { target: wave(40, 0) },
  { target: wave(17, 1) },
  { target: [...wave(30, 2).slice(0, 10), null, ...wave(30, 2).slice(11)] },
  {
    target: wave(24, 3),
    past_covariates: { temp: wave(24, 4), hour: Array.from({ length: 24 }, (_, i) => i % 24) },
    future_covariates: { hour: [0, 1, 2, 3, 4, 5] },
  },
];

Deno.test("serveChronos2: batched service forecasts equal pipeline.predict on each input alone", async () => {
  const h = 6;
  const pipeline = await loadChronos2(FIXTURE);
  const server = serveChronos2({
    models: [FIXTURE],
    port: 0,
  });
  try {
    await server.ready;
    const answers = await Promise.all(INPUTS.map(async (input) => {
      const r = await fetch(`${server.url}/v1/forecast`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ inputs: [input], prediction_length: h }),
      });
      assertEquals(r.status, 200);
      return (await r.json()).forecasts[0];
    }));
    const levels = pipeline.quantiles;
    for (const [k, input] of INPUTS.entries()) {
      const task = {
        target: input.target,
        ...(input.past_covariates ? { pastCovariates: input.past_covariates } : {}),
        ...(input.future_covariates ? { futureCovariates: input.future_covariates } : {}),
      };
      const [ref] = await pipeline.predict([task], { predictionLength: h });
      const Q = levels.length;
      for (const level of [0.1, 0.5, 0.9]) {
        const q = levels.indexOf(level);
        const expected = Array.from(ref!.data.subarray(q * h, (q + 1) * h));
        assertClose(answers[k].quantiles[String(level)], expected, {
          rtol: 1e-4,
          atol: 1e-4,
          label: `input ${k} level ${level}`,
        });
      }
      const median = Array.from(
        ref!.data.subarray(levels.indexOf(0.5) * h, (levels.indexOf(0.5) + 1) * h),
      );
      assertClose(answers[k].mean, median, { rtol: 1e-4, atol: 1e-4 });
      assertEquals(ref!.shape, [1, Q, h]);
    }
  } finally {
    await server.shutdown();
    await pipeline.release();
  }
});

Deno.test("serveChronos2: lists the model's config and refuses one request mixing covariate sets", async () => {
  const server = serveChronos2({ models: [FIXTURE], port: 0 });
  try {
    await server.ready;
    const r = await fetch(`${server.url}/v1/forecast`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        inputs: [{ target: [1, 2, 3], past_covariates: { c: [1, 2, 3] } }, { target: [4, 5] }],
        prediction_length: 2,
      }),
    });
    const body = await r.json();
    assert(r.status === 422, JSON.stringify(body));
    assertEquals(body.type, "https://chronos-deno.dev/problems/invalid-data");
    const models = await (await fetch(`${server.url}/v1/models`)).json();
    assertEquals(models.models[0].config.family, "chronos-2");
    assertEquals(models.models[0].config.executionProvider, "cpu");
  } finally {
    await server.shutdown();
  }
});

Deno.test("chronos2ServedModel: requests gathered into one call get the answers they get alone", async () => {
  const h = 4;
  const opened = await openChronos2(FIXTURE);
  const model = chronos2ServedModel("tiny", opened);
  const records: BatchRecord[] = [];
  // the call starts when the third request fills the rows: one call, three requests
  const b = new Batcher({
    enabled: true,
    maxRows: 3,
    maxWaitMs: 60_000,
    maxQueue: 10,
    onBatch: (r) => records.push(r),
  });
  const options = { predictionLength: h, quantileLevels: [0.1, 0.5, 0.9] };
  try {
    const inputs = [wave(50, 0), wave(9, 2), wave(33, 5)];
    const together = await Promise.all(
      inputs.map((t) => b.submit(model, [{ target: t }], options)),
    );
    assertEquals(records.map((r) => r.requests), [3]);
    for (const [k, t] of inputs.entries()) {
      const [alone] = await opened.pipeline.predict([t], { predictionLength: h });
      const levels = opened.pipeline.quantiles;
      for (const [j, level] of options.quantileLevels.entries()) {
        const q = levels.indexOf(level);
        assertClose(
          together[k]![0]!.quantiles[j]!,
          Array.from(alone!.data.subarray(q * h, (q + 1) * h)),
          {
            rtol: 1e-4,
            atol: 1e-4,
            label: `input ${k} level ${level}`,
          },
        );
      }
    }
  } finally {
    await model.release();
  }
});

Deno.test("serveChronos2: a folder written by deno task gbdt is served by XGBoost beside Chronos-2", async () => {
  const rnd = seededRandom(5);
  const n = 96 * 20;
  const tariff = Float64Array.from({ length: n }, (_, i) => (i % 96 < 40 ? 1 : 0));
  const target = Float64Array.from(tariff, (t) => 10 + 70 * t + rnd() * 5);
  const data = {
    source: "s",
    timestamps: Float64Array.from({ length: n }, (_, i) => (i + 1) * 900_000),
    frequencyMs: 900_000,
    targetName: "y",
    target,
    covariates: [{ name: "tariff", knownInAdvance: true, values: tariff }],
  };
  const model = fitGbdt(data, {
    train: { start: 0, end: 96 * 12 },
    val: { start: 96 * 12, end: 96 * 16 },
  }, {
    horizon: 1,
    levels: [0.1, 0.5, 0.9],
    covariates: "past+future",
    threads: 1,
    numRounds: 30,
  });
  const dir = await Deno.makeTempDir();
  const folder = `${dir}/xgboost_20240101_000000`;
  await saveGbdtModel(model, folder);
  // What XGBoost itself forecasts for the series ending at row o (the request below).
  const o = 96 * 18 + 7;
  const expected = forecastGbdt(model, data, [o]).point[0]!;
  model.booster.free();
  const server = serveChronos2({ models: [FIXTURE, folder], port: 0 });
  try {
    await server.ready;
    const models = await (await fetch(`${server.url}/v1/models`)).json();
    assertEquals(models.models.map((m: { name: string }) => m.name).includes(folder), true);
    const ask = async (withTimes: boolean) => {
      const r = await fetch(`${server.url}/v1/forecast`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          model: folder,
          inputs: [{
            target: Array.from(target.subarray(0, o)),
            past_covariates: { tariff: Array.from(tariff.subarray(0, o)) },
            future_covariates: { tariff: [tariff[o]!] },
            ...(withTimes
              ? {
                timestamps: Array.from(data.timestamps.subarray(0, o), (t) =>
                  new Date(t).toISOString()),
              }
              : {}),
          }],
          prediction_length: 1,
          quantile_levels: [0.1, 0.5, 0.9],
        }),
      });
      assertEquals(r.status, 200);
      return await r.json();
    };
    const answer = await ask(true);
    assertEquals(answer.model, folder);
    // With the request's timestamps the calendar features are there: XGBoost's own forecast.
    assertClose(answer.forecasts[0].mean, [expected], { rtol: 1e-6, atol: 1e-6 });
    assert(answer.forecasts[0].quantiles["0.1"][0] <= answer.forecasts[0].quantiles["0.9"][0]);
    assertEquals(answer.forecasts[0].timestamps, [
      new Date(data.timestamps[o]!).toISOString().replace(".000Z", "Z"),
    ]);
    // Without them the calendar is missing (another forecast), which is why they are passed on.
    const blind = await ask(false);
    assert(Math.abs(blind.forecasts[0].mean[0] - expected) > 1e-3);
  } finally {
    await server.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});
