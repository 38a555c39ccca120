/**
 * Bench helper: a model folder (config.json + model.safetensors) with the
 * released Chronos-2 architecture and seeded random weights, written once
 * into a folder, for measurements that need a folder on disk (workers open
 * the model by path).
 *
 * @module
 */

import { expectedWeightShapes, parseChronos2Config } from "../../../models/chronos2/mod.ts";
import { writeSafetensors } from "../../../models/chronos2/weights.ts";
import { readFixtureConfigJson } from "../../../tests/_helpers/fixtures.ts";

/**
 * Writes the full-size random model folder unless it exists already.
 *
 * @param dir the folder
 * @param seed random seed
 * @returns the folder
 */
export async function fullSizeModelFolder(dir: string, seed = 1): Promise<string> {
  if (await Deno.stat(`${dir}/model.safetensors`).then(() => true, () => false)) return dir;
  const json = await readFixtureConfigJson();
  Object.assign(json, { d_model: 768, d_ff: 3072, d_kv: 64, num_heads: 12, num_layers: 12 });
  (json.chronos_config as Record<string, unknown>).context_length = 8192;
  const config = parseChronos2Config(json, "released architecture");
  let s = seed >>> 0 || 1;
  const uniform = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
  const tensors = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const [name, shape] of expectedWeightShapes(config)) {
    const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
    if (/layer_norm|final_layer_norm/.test(name) && shape.length === 1) data.fill(1);
    else for (let i = 0; i < data.length; i++) data[i] = (uniform() - 0.5) * 0.0693;
    tensors.set(name, { shape: [...shape], data });
  }
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeTextFile(`${dir}/config.json`, JSON.stringify(json, null, 2));
  await writeSafetensors(`${dir}/model.safetensors`, tensors);
  return dir;
}
