/**
 * The Chronos-2 state-dict layout (spec §1.5): which tensor names the
 * safetensors file must hold and with which shapes, derived from the config.
 *
 * @module
 */

import { ModelFormatError } from "../../lib/errors.ts";
import type { Chronos2Config } from "./config.ts";

/**
 * Expected tensor names and shapes for a config (`nn.Linear` weights are `[out, in]`).
 *
 * @param config the model config
 * @returns name → shape, in state-dict order
 * @example Usage
 * ```ts
 * import { expectedWeightShapes } from "@chronos-deno/chronos-deno/chronos2";
 * import { loadChronos2Config } from "@chronos-deno/chronos-deno/chronos2";
 * const cfg = await loadChronos2Config("tests/fixtures/chronos2-tiny/config.json");
 * if (expectedWeightShapes(cfg).size !== 1 + 6 + 13 * 2 + 1 + 6) throw new Error();
 * ```
 */
export function expectedWeightShapes(config: Chronos2Config): Map<string, number[]> {
  const D = config.dModel;
  const F = config.dFf;
  const I = config.numHeads * config.dKv;
  const P = config.chronos.inputPatchSize;
  const QP = config.chronos.quantiles.length * config.chronos.outputPatchSize;
  const m = new Map<string, number[]>();
  m.set("shared.weight", [config.vocabSize, D]);
  const block = (prefix: string, inDim: number, hid: number, outDim: number) => {
    m.set(`${prefix}.hidden_layer.weight`, [hid, inDim]);
    m.set(`${prefix}.hidden_layer.bias`, [hid]);
    m.set(`${prefix}.output_layer.weight`, [outDim, hid]);
    m.set(`${prefix}.output_layer.bias`, [outDim]);
    m.set(`${prefix}.residual_layer.weight`, [outDim, inDim]);
    m.set(`${prefix}.residual_layer.bias`, [outDim]);
  };
  block("input_patch_embedding", 3 * P, F, D);
  for (let i = 0; i < config.numLayers; i++) {
    const b = `encoder.block.${i}.layer`;
    for (const l of [0, 1]) {
      m.set(`${b}.${l}.layer_norm.weight`, [D]);
      for (const p of ["q", "k", "v"]) m.set(`${b}.${l}.self_attention.${p}.weight`, [I, D]);
      m.set(`${b}.${l}.self_attention.o.weight`, [D, I]);
    }
    m.set(`${b}.2.layer_norm.weight`, [D]);
    m.set(`${b}.2.mlp.wi.weight`, [F, D]);
    m.set(`${b}.2.mlp.wo.weight`, [D, F]);
  }
  m.set("encoder.final_layer_norm.weight", [D]);
  block("output_patch_embedding", D, F, QP);
  return m;
}

/**
 * Checks that the weights match the config: every expected tensor present with
 * its shape. Extra tensors are reported through `onWarning` and ignored.
 *
 * @param config the model config
 * @param weights the tensors read from the file
 * @param options `source` for messages, `onWarning` for ignored extras
 * @throws {ModelFormatError} listing every missing or mis-shaped tensor
 * @example Usage
 * ```ts
 * import { validateWeights } from "@chronos-deno/chronos-deno/chronos2";
 * import { loadChronos2Config } from "@chronos-deno/chronos-deno/chronos2";
 * import { readSafetensors } from "@chronos-deno/chronos-deno/chronos2";
 * const dir = "tests/fixtures/chronos2-tiny";
 * validateWeights(await loadChronos2Config(`${dir}/config.json`), await readSafetensors(`${dir}/model.safetensors`));
 * ```
 */
export function validateWeights(
  config: Chronos2Config,
  weights: ReadonlyMap<string, { readonly shape: readonly number[] }>,
  options: { source?: string; onWarning?: (msg: string) => void } = {},
): void {
  const source = options.source ?? "model.safetensors";
  const blocks = new Set<string>();
  for (const name of weights.keys()) {
    const m = /^encoder\.block\.(\d+)\./.exec(name);
    if (m) blocks.add(m[1]!);
  }
  if (blocks.size !== config.numLayers) {
    throw new ModelFormatError(
      "num_layers",
      `Cannot use the weights "${source}" with this config.json: the config has ${config.numLayers} ` +
        `encoder layers ("num_layers"), the weights hold ${blocks.size}; check that config.json ` +
        "and model.safetensors belong to the same model",
    );
  }
  const problems: string[] = [];
  let firstField = "";
  for (const [name, shape] of expectedWeightShapes(config)) {
    const t = weights.get(name);
    if (!t) {
      problems.push(`"${name}" is missing`);
      firstField ||= name;
    } else if (t.shape.join(",") !== shape.join(",")) {
      problems.push(`"${name}" has shape [${t.shape}], the config needs [${shape}]`);
      firstField ||= name;
    }
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, 6).join("; ") +
      (problems.length > 6 ? `; and ${problems.length - 6} more` : "");
    throw new ModelFormatError(
      firstField,
      `Cannot use the weights "${source}" with this config.json: ${shown}; check that config.json and model.safetensors belong to the same model`,
    );
  }
  const expected = expectedWeightShapes(config);
  const extras = [...weights.keys()].filter((k) => !expected.has(k));
  if (extras.length > 0) {
    options.onWarning?.(
      `Ignoring ${extras.length} unexpected tensor(s) in "${source}": ${
        extras.slice(0, 5).join(", ")
      }`,
    );
  }
}
