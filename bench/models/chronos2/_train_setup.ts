/**
 * Bench helper shared by the training benches: the full-size Chronos-2
 * architecture (d_model 768, 12 layers, 12 heads, d_ff 3072, 21 quantiles)
 * with seeded random weights, a long synthetic series, and the step's window
 * sizes (batch 8, context 512, horizon 16).
 *
 * @module
 */

import { Rng } from "../../../lib/optim/rng.ts";
import { type Chronos2Config, parseChronos2Config } from "../../../models/chronos2/config.ts";
import { expectedWeightShapes } from "../../../models/chronos2/weight_layout.ts";
import type { WeightMap } from "../../../models/chronos2/weights.ts";

/** The released architecture with `layers` encoder layers (12 in the release). */
export async function fullSizeConfig(layers: number): Promise<Chronos2Config> {
  const tiny = JSON.parse(
    await Deno.readTextFile(
      new URL("../../../tests/fixtures/chronos2-tiny/config.json", import.meta.url),
    ),
  );
  return parseChronos2Config({
    ...tiny,
    "d_model": 768,
    "d_ff": 3072,
    "d_kv": 64,
    "num_heads": 12,
    "num_layers": layers,
    "chronos_config": { ...tiny["chronos_config"], "context_length": 8192 },
  });
}

/** Seeded random weights: layer norms 1, everything else uniform with std 0.02. */
export function randomWeights(config: Chronos2Config): WeightMap {
  const rng = new Rng(0, "bench-weights");
  const weights: WeightMap = new Map();
  for (const [name, shape] of expectedWeightShapes(config)) {
    const n = shape.reduce((a, b) => a * b, 1);
    const norm = name.endsWith("layer_norm.weight");
    const data = new Float32Array(n);
    for (let i = 0; i < n; i++) data[i] = norm ? 1 : (2 * rng.nextFloat() - 1) * 0.0346;
    weights.set(name, { dtype: "F32", shape, data });
  }
  return weights;
}

/** One long, smooth series to draw training windows from. */
export const BENCH_SERIES = [{
  rows: [
    Float64Array.from(
      { length: 30000 },
      (_, t) => 50 + 30 * Math.sin(t / 15) + 5 * Math.sin(t / 3.3),
    ),
  ],
}];

/** Batch 8, context 512, horizon 16, fixed length 512. */
export const BENCH_WINDOWS = {
  contextLength: 512,
  predictionLength: 16,
  batchSize: 8,
  fixedLength: 512,
};
