/**
 * Batching throughput of the zero-shot evaluation: windows per second of
 * `forecastWindows` (window kernel on the CPU path + Chronos-2 `predictBatch`
 * on ONNX Runtime's CPU provider + quantile reading) at batch 1 and at the
 * default batch of 512, over 512 windows of 512 steps (univariate, H = 1),
 * for the tiny fixture model and for the released architecture with random
 * weights (119,477,664 parameters).
 *
 * Run: `npx deno bench -A bench/lib/evaluate/forecast_windows_bench.ts`; add
 * `BENCH_FULL_SIZE=1` for the full-size group (about 8 minutes on two CPU
 * cores: ~13 s to build the graph, then ~35 s per batch-512 pass and ~80 s
 * per batch-1 pass). A table of windows/s and the batching speed-up is
 * printed at the end.
 *
 * Measured on the 2-core CPU machine, ONNX Runtime CPU provider (shared with
 * other work, so ±30 %), after the runner began splitting calls into chunks of
 * ≤ 32 rows (e50aef7): tiny model 1,299 vs 2,776 windows/s (2.1×); full size
 * 9.7 vs 12.9 windows/s (1.3×; Deno's mean times: 1.6×). Before that change:
 * 616 vs 2,290 (3.7×) and 5.1 vs 13.8 (2.7×).
 *
 * @module
 */

import { windowGatherCpu } from "../../../kernels/window_gather.ts";
import { windowRows } from "../../../lib/evaluate/covariate_rows.ts";
import { type BatchModel, forecastWindows } from "../../../lib/evaluate/forecast_windows.ts";
import { interpolateQuantiles, loadChronos2 } from "../../../models/chronos2/mod.ts";
import { fullSizeRandomPipeline } from "./_full_size.ts";

const T = 35_040;
const WINDOWS = 512;
const L = 512;
const DEFAULT_BATCH = 512;
const TINY = new URL("../../../tests/fixtures/chronos2-tiny", import.meta.url).pathname;

const target = Float64Array.from(
  { length: T },
  (_, t) =>
    40 + 30 * Math.sin((2 * Math.PI * t) / 96) + 10 * Math.sin((2 * Math.PI * t) / 672) +
    5 * Math.sin(t * 12.9898),
);
const rows = windowRows({ targetName: "y", target, covariates: [] }, "none");
const origins = Array.from({ length: WINDOWS }, (_, i) => T - WINDOWS + i);

const results: { group: string; batch: number; times: number[] }[] = [];

async function warm(model: BatchModel): Promise<void> {
  // opens the ONNX Runtime sessions (both graph variants) outside the timings
  for (const ids of [new Int32Array([0]), new Int32Array([0, 0])]) {
    await model.predictBatch({
      context: new Float32Array(ids.length * 32).fill(1),
      rows: ids.length,
      length: 32,
      groupIds: ids,
      predictionLength: 1,
    });
  }
}

function add(group: string, model: BatchModel, batch: number, n: number): void {
  const row = { group, batch, times: [] as number[] };
  results.push(row);
  Deno.bench({
    name: `batch ${batch}`,
    group,
    baseline: batch === 1,
    n,
    warmup: 0,
    async fn() {
      const out = await forecastWindows({
        rows,
        origins,
        contextLength: L,
        predictionLength: 1,
        batchSize: batch,
        levels: [0.1, 0.5, 0.9],
        model,
        gather: windowGatherCpu,
        interpolate: interpolateQuantiles,
      });
      row.times.push(out.seconds);
    },
  });
}

const tiny = await loadChronos2(TINY, { executionProvider: "cpu" });
await warm(tiny);
add(`tiny fixture model, ${WINDOWS} windows × ${L}`, tiny, 1, 3);
add(`tiny fixture model, ${WINDOWS} windows × ${L}`, tiny, DEFAULT_BATCH, 10);

if (Deno.env.get("BENCH_FULL_SIZE") === "1") {
  const { pipeline } = await fullSizeRandomPipeline();
  await warm(pipeline);
  add(`full-size random weights, ${WINDOWS} windows × ${L}`, pipeline, 1, 1);
  add(`full-size random weights, ${WINDOWS} windows × ${L}`, pipeline, DEFAULT_BATCH, 1);
}

globalThis.addEventListener("unload", () => {
  const lines = ["windows/s of forecastWindows (median over runs):"];
  const rate = new Map<string, number>();
  for (const r of results) {
    if (r.times.length === 0) continue;
    const sorted = [...r.times].sort((a, b) => a - b);
    const wps = WINDOWS / sorted[Math.floor(sorted.length / 2)]!;
    rate.set(`${r.group}|${r.batch}`, wps);
    const base = rate.get(`${r.group}|1`);
    const speedup = r.batch !== 1 && base ? `  ${(wps / base).toFixed(1)}× batch 1` : "";
    lines.push(
      `${r.group.padEnd(44)} batch ${String(r.batch).padStart(3)}: ` +
        `${wps.toFixed(1).padStart(8)} windows/s${speedup}`,
    );
  }
  // deno-lint-ignore no-console
  console.log(lines.join("\n"));
});
