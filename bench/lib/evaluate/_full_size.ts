/**
 * Bench helper: a Chronos-2 pipeline with the released model's architecture
 * (d_model 768, d_ff 3072, 12 layers, 12 heads of 64; 119,477,664 parameters)
 * and seeded random weights, on ONNX Runtime, for throughput measurements
 * where the real weights cannot be downloaded.
 *
 * @module
 */

import {
  type Chronos2Config,
  Chronos2Pipeline,
  createOnnxRunner,
  expectedWeightShapes,
  type WeightMap,
} from "../../../models/chronos2/mod.ts";
import { releasedConfig } from "../../../tests/_helpers/fixtures.ts";

/**
 * The released architecture's config and seeded random weights (N(0, 0.02²)
 * uniform-equivalent, layer-norm weights 1): ~480 MB of float32.
 *
 * @param seed random seed
 * @returns the config, the weights and the parameter count
 */
export async function fullSizeRandomWeights(
  seed = 1,
): Promise<{ config: Chronos2Config; weights: WeightMap; parameters: number }> {
  const config = await releasedConfig();
  let s = seed >>> 0 || 1;
  const uniform = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
  const weights: WeightMap = new Map();
  let parameters = 0;
  for (const [name, shape] of expectedWeightShapes(config)) {
    const n = shape.reduce((a, b) => a * b, 1);
    parameters += n;
    const data = new Float32Array(n);
    if (/layer_norm|final_layer_norm/.test(name) && shape.length === 1) data.fill(1);
    else for (let i = 0; i < n; i++) data[i] = (uniform() - 0.5) * 0.0693; // std 0.02
    weights.set(name, { dtype: "F32", shape, data });
  }
  return { config, weights, parameters };
}

/**
 * Builds the full-size pipeline with random weights (N(0, 0.02²), layer-norm
 * weights 1): ~480 MB of float32.
 *
 * @param seed random seed
 * @returns the pipeline and its parameter count
 */
export async function fullSizeRandomPipeline(
  seed = 1,
): Promise<{ pipeline: Chronos2Pipeline; parameters: number }> {
  const { config, weights, parameters } = await fullSizeRandomWeights(seed);
  const runner = createOnnxRunner(config, weights, { executionProvider: "cpu" });
  return {
    pipeline: new Chronos2Pipeline(config, runner, { release: () => runner.release() }),
    parameters,
  };
}
