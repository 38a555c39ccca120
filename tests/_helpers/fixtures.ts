/**
 * The tiny Chronos-2 fixture (tests/fixtures/chronos2-tiny: config.json,
 * model.safetensors and the cases recorded from the official code) for tests
 * and benches: its folder, its cases, its quantile levels, and the released
 * architecture derived from its config.
 *
 * @module
 */

import { type Chronos2Config, parseChronos2Config } from "../../models/chronos2/config.ts";
import type { CaseJson } from "../../models/chronos2/parity/cases.ts";

/** The tiny fixture model folder. */
export const FIXTURE_DIR: string = new URL("../fixtures/chronos2-tiny", import.meta.url).pathname;

/** The fixture's config.json as written (snake_case JSON). */
export async function readFixtureConfigJson(): Promise<Record<string, unknown>> {
  return JSON.parse(await Deno.readTextFile(`${FIXTURE_DIR}/config.json`));
}

/** The model's quantile levels, as the fixture's config.json lists them (the released 21). */
export const MODEL_QUANTILES: readonly number[] = Object.freeze(
  ((await readFixtureConfigJson()).chronos_config as { quantiles: number[] }).quantiles,
);

/** Reads one recorded case, e.g. `loadCase("A_univariate")`. */
export async function loadCase(name: string): Promise<CaseJson> {
  return JSON.parse(await Deno.readTextFile(`${FIXTURE_DIR}/cases/${name}.json`)) as CaseJson;
}

/**
 * The released chronos-2 architecture (d_model 768, d_ff 3072, 12 heads of 64, context 8192),
 * everything else as in the fixture's config: for benches with seeded random weights.
 *
 * @param layers encoder layers (the released model has 12)
 */
export async function releasedConfig(layers = 12): Promise<Chronos2Config> {
  return parseChronos2Config(await releasedConfigJson(layers), "released architecture");
}

/** The released architecture's config.json as written (snake_case), see {@linkcode releasedConfig}. */
export async function releasedConfigJson(layers = 12): Promise<Record<string, unknown>> {
  const json = await readFixtureConfigJson();
  Object.assign(json, { d_model: 768, d_ff: 3072, d_kv: 64, num_heads: 12, num_layers: layers });
  (json.chronos_config as Record<string, unknown>).context_length = 8192;
  return json;
}
