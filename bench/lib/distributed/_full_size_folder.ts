/**
 * Bench helper: a model folder (config.json + model.safetensors) with the
 * released Chronos-2 architecture and the seeded random weights of
 * `fullSizeRandomWeights`, written once, for measurements that need a folder
 * on disk (workers open the model by path).
 *
 * @module
 */

import { writeSafetensors } from "../../../models/chronos2/weights.ts";
import { releasedConfigJson } from "../../../tests/_helpers/fixtures.ts";
import { fullSizeRandomWeights } from "../evaluate/_full_size.ts";

/**
 * Writes the full-size random model folder unless it exists already.
 *
 * @param dir the folder
 * @param seed random seed
 * @returns the folder
 */
export async function fullSizeModelFolder(dir: string, seed = 1): Promise<string> {
  if (await Deno.stat(`${dir}/model.safetensors`).then(() => true, () => false)) return dir;
  const { weights } = await fullSizeRandomWeights(seed);
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeTextFile(
    `${dir}/config.json`,
    JSON.stringify(await releasedConfigJson(), null, 2),
  );
  await writeSafetensors(`${dir}/model.safetensors`, weights);
  return dir;
}
