/**
 * Parses a Chronos-2 `config.json` (the Hugging Face file of `amazon/chronos-2`
 * and its fine-tuned copies) into a typed, camelCase {@link Chronos2Config}.
 * Upstream snake_case keys are mapped here and nowhere else. Every dimension,
 * the quantile list and the patch sizes come from the file; nothing is assumed.
 *
 * @module
 */

import { clip } from "../../lib/net/clip.ts";
import { FieldReader, type Json, shown } from "./_config_fields.ts";
import { ModelFormatError } from "../../lib/errors.ts";

/** The `chronos_config` part: forecasting settings. */
export interface Chronos2ForecastingConfig {
  /** Longest context the model reads; longer inputs keep their last `contextLength` steps. */
  contextLength: number;
  /** Input patch size P (16 for released models). */
  inputPatchSize: number;
  /** Input patch stride (must equal `inputPatchSize`). */
  inputPatchStride: number;
  /** Output patch size (must equal `inputPatchSize`). */
  outputPatchSize: number;
  /** Quantile levels of the model's output, in output order. */
  quantiles: number[];
  /** Whether a [REG] token is appended (must be true: the official forward requires it). */
  useRegToken: boolean;
  /** Whether asinh is applied after standardisation. */
  useArcsinh: boolean;
  /** Most output patches per forward pass. */
  maxOutputPatches: number;
  /** Divisor of the time-index feature (defaults to `contextLength` when absent). */
  timeEncodingScale: number;
}

/** The whole model config, camelCase. */
export interface Chronos2Config {
  /** Hidden size D. */
  dModel: number;
  /** Per-head width of q/k/v. */
  dKv: number;
  /** Feed-forward hidden size F (also the ResidualBlock hidden size). */
  dFf: number;
  /** Number of encoder blocks. */
  numLayers: number;
  /** Attention heads (time and group attention). */
  numHeads: number;
  /** RMS-norm epsilon. */
  layerNormEpsilon: number;
  /** RoPE base. */
  ropeTheta: number;
  /** Dropout rate (training only). */
  dropoutRate: number;
  /** Activation of the feed-forward layer ("relu"). */
  denseActFn: string;
  /** Number of special-token embeddings (`shared.weight` rows). */
  vocabSize: number;
  /** Row of `shared.weight` used as [REG]. */
  regTokenId: number;
  /** Forecasting settings (`chronos_config`). */
  chronos: Chronos2ForecastingConfig;
  /** The parsed JSON as read, kept so that a fine-tuned copy can be written back unchanged. */
  raw: Record<string, unknown>;
}

/**
 * Parses and validates a Chronos-2 config object (the content of `config.json`).
 * All problems are collected and thrown once.
 *
 * @param json the parsed JSON
 * @param source a file name for messages
 * @returns the typed config
 * @throws {ModelFormatError} naming the (first) field at fault, listing all problems
 * @example Usage
 * ```ts
 * import { parseChronos2Config } from "@chronos-deno/chronos-deno/chronos2";
 * const cfg = parseChronos2Config({
 *   d_model: 32, d_kv: 8, d_ff: 64, num_layers: 2, num_heads: 4,
 *   chronos_config: { context_length: 2048, input_patch_size: 16, input_patch_stride: 16,
 *     output_patch_size: 16, quantiles: [0.1, 0.5, 0.9], use_reg_token: true },
 * });
 * if (cfg.chronos.timeEncodingScale !== 2048) throw new Error();
 * ```
 */
export function parseChronos2Config(json: unknown, source = "config.json"): Chronos2Config {
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new ModelFormatError(source, `Cannot use "${source}": expected a JSON object`);
  }
  const o = json as Json;
  const r = new FieldReader(source);
  const dModel = r.int(o, "d_model", "", { min: 1, max: 16_384 });
  const dKv = r.int(o, "d_kv", "", { min: 2, max: 1024 });
  const dFf = r.int(o, "d_ff", "", { min: 1, max: 65_536 });
  const numLayers = r.int(o, "num_layers", "", { min: 1, max: 256 });
  const numHeads = r.int(o, "num_heads", "", { min: 1, max: 256 });
  const layerNormEpsilon = r.num(o, "layer_norm_epsilon", "", { positive: true, fallback: 1e-6 });
  const ropeTheta = r.num(o, "rope_theta", "", { positive: true, fallback: 10000 });
  const dropoutRate = r.num(o, "dropout_rate", "", { fallback: 0.1 });
  const vocabSize = r.int(o, "vocab_size", "", { min: 1, max: 1_000_000, fallback: 2 });
  const regTokenId = r.int(o, "reg_token_id", "", { min: 0, fallback: 1 });
  if (Number.isInteger(dKv)) {
    r.check(dKv % 2 === 0, "d_kv", `field "d_kv" must be even for RoPE: got ${dKv}`);
  }

  const proj = r.str(o, "feed_forward_proj", "", "relu");
  const parts = proj.split("-");
  const denseActFn = parts[parts.length - 1]!;
  r.check(
    parts[0] !== "gated",
    "feed_forward_proj",
    `field "feed_forward_proj" is gated ("${clip(proj, 80)}"), which Chronos-2 does not support`,
  );
  r.check(
    denseActFn === "relu",
    "feed_forward_proj",
    `field "feed_forward_proj" must use "relu": got "${clip(proj, 80)}"`,
  );
  if (o.is_gated_act !== undefined) {
    r.check(
      o.is_gated_act === false,
      "is_gated_act",
      `field "is_gated_act" must be false: got ${shown(o.is_gated_act)}`,
    );
  }
  if (o.dense_act_fn !== undefined) {
    r.check(
      o.dense_act_fn === "relu",
      "dense_act_fn",
      `field "dense_act_fn" must be "relu": got ${shown(o.dense_act_fn)}`,
    );
  }

  const cc = o.chronos_config;
  let chronos: Chronos2ForecastingConfig;
  if (typeof cc !== "object" || cc === null || Array.isArray(cc)) {
    r.check(false, "chronos_config", `field "chronos_config" is missing or not an object`);
    chronos = {
      contextLength: NaN,
      inputPatchSize: NaN,
      inputPatchStride: NaN,
      outputPatchSize: NaN,
      quantiles: [],
      useRegToken: true,
      useArcsinh: true,
      maxOutputPatches: 1,
      timeEncodingScale: NaN,
    };
  } else {
    chronos = parseForecasting(cc as Json, r);
  }
  if (Number.isInteger(regTokenId) && Number.isInteger(vocabSize)) {
    r.check(
      regTokenId < vocabSize,
      "reg_token_id",
      `field "reg_token_id" (${regTokenId}) must be below "vocab_size" (${vocabSize})`,
    );
  }
  r.throwIfAny();
  return {
    dModel,
    dKv,
    dFf,
    numLayers,
    numHeads,
    layerNormEpsilon,
    ropeTheta,
    dropoutRate,
    denseActFn,
    vocabSize,
    regTokenId,
    chronos,
    raw: structuredClone(o),
  };
}

function parseForecasting(c: Json, r: FieldReader): Chronos2ForecastingConfig {
  const p = "chronos_config.";
  const contextLength = r.int(c, "context_length", p, { min: 1, max: 1_048_576 });
  const inputPatchSize = r.int(c, "input_patch_size", p, { min: 1, max: 4096 });
  const inputPatchStride = r.int(c, "input_patch_stride", p, { min: 1, max: 4096 });
  const outputPatchSize = r.int(c, "output_patch_size", p, { min: 1, max: 4096 });
  const useRegToken = r.bool(c, "use_reg_token", p, false);
  const useArcsinh = r.bool(c, "use_arcsinh", p, false);
  const maxOutputPatches = r.int(c, "max_output_patches", p, { min: 1, max: 65_536, fallback: 1 });
  const tes = c.time_encoding_scale;
  const timeEncodingScale = tes === undefined || tes === null
    ? contextLength
    : r.num(c, "time_encoding_scale", p, { positive: true });
  r.check(
    inputPatchStride === inputPatchSize || !Number.isInteger(inputPatchStride),
    p + "input_patch_stride",
    `field "${p}input_patch_stride" (${inputPatchStride}) must equal "input_patch_size" (${inputPatchSize}); overlapping patches are not supported`,
  );
  r.check(
    outputPatchSize === inputPatchSize || !Number.isInteger(outputPatchSize),
    p + "output_patch_size",
    `field "${p}output_patch_size" (${outputPatchSize}) must equal "input_patch_size" (${inputPatchSize})`,
  );
  r.check(
    useRegToken,
    p + "use_reg_token",
    `field "${p}use_reg_token" is false, which the official Chronos-2 forward does not support`,
  );
  const q = c.quantiles;
  const quantiles: number[] = [];
  if (!Array.isArray(q) || q.length === 0 || q.length > 1000) {
    r.check(
      false,
      p + "quantiles",
      `field "${p}quantiles" must be a list of 1 to 1000 levels: got ${shown(q)}`,
    );
  } else {
    let ok = true;
    for (let i = 0; i < q.length; i++) {
      const v = q[i];
      if (typeof v !== "number" || !(v > 0 && v < 1)) ok = false;
      else if (i > 0 && !(v > (q[i - 1] as number))) ok = false;
      quantiles.push(typeof v === "number" ? v : NaN);
    }
    r.check(
      ok,
      p + "quantiles",
      `field "${p}quantiles" must be strictly increasing levels in (0, 1): got ${shown(q)}`,
    );
  }
  return {
    contextLength,
    inputPatchSize,
    inputPatchStride,
    outputPatchSize,
    quantiles,
    useRegToken,
    useArcsinh,
    maxOutputPatches,
    timeEncodingScale,
  };
}

/**
 * Reads and parses `config.json` from a file.
 *
 * @param path the file
 * @returns the typed config
 * @throws {ModelFormatError} when the file is missing, not JSON, or invalid
 * @example Usage
 * ```ts
 * import { loadChronos2Config } from "@chronos-deno/chronos-deno/chronos2";
 * const cfg = await loadChronos2Config("tests/fixtures/chronos2-tiny/config.json");
 * if (cfg.dModel !== 32) throw new Error();
 * ```
 */
export async function loadChronos2Config(path: string): Promise<Chronos2Config> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (err) {
    throw new ModelFormatError(
      "config.json",
      `Cannot read the model config "${path}": ${(err as Error).message}`,
      {
        cause: err,
      },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ModelFormatError(
      "config.json",
      `Cannot parse the model config "${path}": ${(err as Error).message}`,
      {
        cause: err,
      },
    );
  }
  return parseChronos2Config(json, path);
}

/**
 * Serialises a config back to the upstream `config.json` form, applying the
 * fields fine-tuning may change (`context_length`, `max_output_patches`).
 *
 * @param config the config
 * @returns the JSON object to write
 * @example Usage
 * ```ts
 * import { configToJson, loadChronos2Config } from "@chronos-deno/chronos-deno/chronos2";
 * const cfg = await loadChronos2Config("tests/fixtures/chronos2-tiny/config.json");
 * const json = configToJson({ ...cfg, chronos: { ...cfg.chronos, maxOutputPatches: 2 } });
 * if ((json.chronos_config as { max_output_patches: number }).max_output_patches !== 2) throw new Error();
 * ```
 */
export function configToJson(config: Chronos2Config): Record<string, unknown> {
  const out = structuredClone(config.raw);
  const cc =
    (typeof out.chronos_config === "object" && out.chronos_config !== null
      ? out.chronos_config
      : {}) as Json;
  cc.context_length = config.chronos.contextLength;
  cc.max_output_patches = config.chronos.maxOutputPatches;
  out.chronos_config = cc;
  return out;
}

/**
 * Width of the attention projections (heads × d_kv), which may differ from d_model.
 *
 * @param config the model config
 * @returns numHeads · dKv
 * @example Usage
 * ```ts
 * import { innerDim, loadChronos2Config } from "@chronos-deno/chronos-deno/chronos2";
 * import assert from "node:assert/strict";
 * const config = await loadChronos2Config("tests/fixtures/chronos2-tiny/config.json");
 * assert.equal(innerDim(config), config.numHeads * config.dKv);
 * ```
 */
export function innerDim(config: Chronos2Config): number {
  return config.numHeads * config.dKv;
}
