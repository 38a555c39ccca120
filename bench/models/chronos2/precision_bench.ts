/**
 * Inference speed per precision (issue 18): `predictBatch` on 512-step
 * windows (the zero-shot evaluation's workload, horizon 1) at batch 1, 32 and
 * 256 univariate windows, and one 10-row covariate window (the target and the
 * steel file's 9 covariates as one group: the group-attention graph), each
 * for fp32, int8 and bf16 with fp32 as the group's baseline.
 *
 * ```sh
 * deno bench -A bench/models/chronos2/precision_bench.ts                   # tiny fixture model
 * BENCH_FULL_SIZE=1 deno bench -A bench/models/chronos2/precision_bench.ts # released architecture
 * ```
 *
 * The full-size model has seeded random weights (bench/lib/evaluate/_full_size.ts);
 * its graphs are built in memory for each precision (~2 s each). Accuracy and
 * the table of bench/README.md come from precision_compare.ts beside this file.
 *
 * @module
 */

import {
  type Chronos2Config,
  Chronos2Pipeline,
  createOnnxRunner,
  loadChronos2,
  type Precision,
  PRECISIONS,
  type WeightMap,
} from "../../../models/chronos2/mod.ts";
import { FIXTURE_DIR } from "../../../tests/_helpers/fixtures.ts";
import { fullSizeRandomWeights } from "../../lib/evaluate/_full_size.ts";

const L = 512;
const FULL = Deno.env.get("BENCH_FULL_SIZE") === "1";
const label = FULL ? "full size (random weights)" : "tiny fixture";

function series(rows: number, seed: number): Float32Array {
  const out = new Float32Array(rows * L);
  for (let r = 0; r < rows; r++) {
    for (let t = 0; t < L; t++) {
      const i = t + 97 * (r + seed);
      out[r * L + t] = 40 + 30 * Math.sin((2 * Math.PI * i) / 96) + 5 * Math.sin(i * 12.9898);
    }
  }
  return out;
}

function batch(rows: number, grouped: boolean) {
  return {
    context: series(rows, grouped ? 7 : 0),
    rows,
    length: L,
    groupIds: grouped ? new Int32Array(rows) : Int32Array.from({ length: rows }, (_, i) => i),
    predictionLength: 1,
  };
}

let model: { config: Chronos2Config; weights: WeightMap } | undefined;
if (FULL) model = await fullSizeRandomWeights();

const pipelines = new Map<Precision, Chronos2Pipeline>();
for (const precision of PRECISIONS) {
  let p: Chronos2Pipeline;
  if (model) {
    const runner = createOnnxRunner(model.config, model.weights, {
      precision,
      executionProvider: "cpu",
    });
    p = new Chronos2Pipeline(model.config, runner, { release: () => runner.release() });
  } else {
    p = await loadChronos2(FIXTURE_DIR, {
      precision,
      executionProvider: "cpu",
      useConvertedFiles: false,
    });
  }
  await p.predictBatch(batch(1, false)); // opens both sessions outside the timings
  await p.predictBatch(batch(2, true));
  pipelines.set(precision, p);
}

const cases: [string, ReturnType<typeof batch>][] = [
  ["batch 1", batch(1, false)],
  ["batch 32", batch(32, false)],
  ["batch 256", batch(256, false)],
  ["10-row covariate window", batch(10, true)],
];
for (const [name, b] of cases) {
  for (const precision of PRECISIONS) {
    Deno.bench({
      name: `${precision}`,
      group: `${label}, ${name} (${b.rows} rows x ${L})`,
      baseline: precision === "fp32",
      ...(FULL ? { n: b.rows >= 256 ? 3 : b.rows >= 32 ? 8 : 30, warmup: 1 } : {}),
      async fn() {
        await pipelines.get(precision)!.predictBatch(b);
      },
    });
  }
}

// The sessions live until the process ends (releasing them during unload crashed ONNX Runtime).
