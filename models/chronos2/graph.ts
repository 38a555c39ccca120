/**
 * The Chronos-2 forward pass as an ONNX graph (spec §2), built with the
 * project's GraphBuilder from standard ONNX operators only.
 *
 * Inputs: `context` float32 `[batch, time]` (NaN = missing; longer contexts
 * keep their last `context_length` steps), `future_covariates` float32
 * `[batch, future]` whose width must be `n_out · 16` — the number of output
 * patches is read from that width, so one graph serves every horizon — and,
 * in the general variant, `group_ids` int64 `[batch]`. Output: `quantiles`
 * float32 `[batch, Q, n_out · 16]` in the original scale.
 *
 * Two variants: "group" is the official batch × batch group attention; the
 * "singleton" variant is the exact shortcut for batches where every group has
 * one row (spec §2.5.3): group attention reduces to `o(v(RMSNorm(h)))` per
 * token, fused into one `[D, D]` matrix `(Wo·Wv)ᵀ` (a constant product that
 * ONNX Runtime folds when the session is created).
 *
 * {@linkcode chronos2Forward} is the one forward pass (spec §2.2 a–k) that
 * both this inference graph and the training graphs
 * (`training_forward.ts`) build: weights come from a
 * {@linkcode WeightSource} (initializers, graph inputs or LoRA composites),
 * every official dropout site calls an optional hook, and sizes can be fixed
 * when the graph is built (training) or dynamic (inference).
 *
 * @module
 */

import type { Chronos2Config } from "./config.ts";
import type { WeightMap } from "./weights.ts";
import { type Graph, GraphBuilder, type Value } from "../../lib/onnx/mod.ts";
import {
  add,
  cast,
  concat,
  constantOfShape,
  equal,
  expand,
  mul,
  relu,
  reshape,
  sinh,
  slice,
  sub,
  transpose,
  unsqueeze,
} from "../../lib/onnx/mod.ts";
import { attention } from "./layers/attention.ts";
import type { DropoutHook } from "./layers/dropout.ts";
import { dimOf, fixedDim, inputStage } from "./layers/inputs.ts";
import { residualBlock } from "./layers/residual_block.ts";
import { rmsNorm } from "./layers/rms_norm.ts";
import { ropeConstantTables, ropeTables, rotateHalfMatrix } from "./layers/rope.ts";
import { singletonGroupAttention } from "./layers/singleton_attention.ts";
import { GraphWeights, type WeightSource } from "./layers/weights.ts";
import { validateWeights } from "./weight_layout.ts";
import { type Precision, PrecisionWeights } from "./precision.ts";

/** Which group-attention implementation the graph uses. */
export type GraphVariant = "group" | "singleton";

/** Options of {@link buildChronos2Graph}. */
export interface BuildGraphOptions {
  /** "group" (official) or "singleton" (every row its own group). @default "group" */
  variant?: GraphVariant;
  /** Also output the stage tensors named as in the fixtures (`loc`, `block0_out`, …). @default false */
  debugOutputs?: boolean;
  /** Precision of the encoder's matrix products ({@linkcode PrecisionWeights}). @default "fp32" */
  precision?: Precision;
}

/** The graph inputs of {@linkcode chronos2Forward}. */
export interface ForwardInputs {
  /** `[B, T]` float32, NaN = missing. */
  context: Value;
  /** int64 `[B]` group ids; without them every row is its own group (the exact shortcut). */
  groupIds?: Value | undefined;
  /** `[B, nOut·16]` float32 known future values, NaN = unknown. */
  futureCovariates: Value;
}

/** Options of {@linkcode chronos2Forward}. */
export interface ForwardOptions {
  /** Dropout at every official site (training). @default none */
  drop?: DropoutHook | undefined;
  /**
   * Sizes fixed by the input shapes (training graphs): constants instead of
   * shape arithmetic, so every activation has a static shape. @default false
   */
  fixedShapes?: boolean;
  /**
   * Run the last encoder layer only at the output patches (its keys and
   * values still see every token): the head reads nothing else, every
   * operation after the time attention's key/value projections is per
   * token, so the forecasts and the loss are the same, for about 7 % less
   * work in a training step. Needs `fixedShapes` and no `debug` (the last
   * block's debug tensors would be cut short). @default false
   */
  lastLayerAtOutputsOnly?: boolean;
  /** Attention's products through ORT's contrib `FusedMatMul` (see `AttentionOptions`). @default false */
  fusedProducts?: boolean;
  /**
   * Without group ids (every row its own group), group attention as its two
   * linear layers with the probabilities' dropout on the diagonal
   * (`singletonGroupAttention`), for graphs whose weights are inputs
   * (training), instead of one product of the two weights that ONNX Runtime
   * folds at load time (inference). Needs `fixedShapes`. @default false
   */
  singletonGroupLinears?: boolean;
  /** RoPE's half rotation as one product (see `RopeTables`). @default false */
  rotateByProduct?: boolean;
  /** Receives the stage tensors named as in the fixtures (`loc`, `block0_out`, …). */
  debug?: ((v: Value, name: string) => void) | undefined;
}

/** What {@linkcode chronos2Forward} returns. */
export interface ForwardOutputs {
  /** `[B, Q, nOut·16]` quantiles in the normalised space (before sinh and de-normalisation). */
  quantilesNormalized: Value;
  /** `[B, 1]` per-row loc. */
  loc: Value;
  /** `[B, 1]` per-row scale. */
  scale: Value;
}

const MIN = -3.4028234663852886e38;

/**
 * Adds the Chronos-2 forward pass (spec §2.2 a–k) to a builder: input stage,
 * patch embeddings, [REG] token, the encoder (time attention with RoPE,
 * group attention, feed-forward), final norm and the quantile head.
 *
 * Dropout sites, in call order (the training graph names its masks by it):
 * `input_patch_embedding.context`, `input_patch_embedding.future`,
 * `encoder.input`; per layer `<p>.0.self_attention.probs`, `<p>.0.residual`,
 * `<p>.1.self_attention.probs`, `<p>.1.residual`, `<p>.2.mlp.hidden`,
 * `<p>.2.residual` (`<p>` = `encoder.block.<l>.layer`); `encoder.output`
 * (on the output patches' final hidden states), `output_patch_embedding`.
 *
 * @param b the builder
 * @param config model config
 * @param inputs context, group ids (none: singleton shortcut) and future values
 * @param weights the weights, as a {@linkcode GraphWeights} or any {@linkcode WeightSource}
 * @param options dropout hook, fixed shapes, debug outputs
 * @returns normalised quantiles and loc/scale
 * @throws {TypeError} with a dropout hook but no group ids, or fixed shapes with symbolic dims
 * @example Usage
 * ```ts
 * import { chronos2Forward } from "@chronos-deno/chronos-deno/chronos2";
 * import { loadChronos2Config } from "@chronos-deno/chronos-deno/chronos2";
 * import { readSafetensors } from "@chronos-deno/chronos-deno/chronos2";
 * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
 * const dir = "tests/fixtures/chronos2-tiny";
 * const config = await loadChronos2Config(`${dir}/config.json`);
 * const b = new GraphBuilder();
 * const out = chronos2Forward(b, config, {
 *   context: b.input("context", "float32", [2, 32]),
 *   groupIds: b.input("group_ids", "int64", [2]),
 *   futureCovariates: b.input("future_covariates", "float32", [2, 16]),
 * }, await readSafetensors(`${dir}/model.safetensors`), { fixedShapes: true });
 * if (out.quantilesNormalized.shape.join() !== "2,21,16") throw new Error();
 * ```
 */
export function chronos2Forward(
  b: GraphBuilder,
  config: Chronos2Config,
  inputs: ForwardInputs,
  weights: GraphWeights | WeightSource | WeightMap,
  options: ForwardOptions = {},
): ForwardOutputs {
  const { context, groupIds, futureCovariates: future } = inputs;
  const { drop, debug } = options;
  const fixed = options.fixedShapes ?? false;
  if (drop && !groupIds && !options.singletonGroupLinears) {
    throw new TypeError(
      "Cannot add dropout to the singleton shortcut: give group ids, or singletonGroupLinears",
    );
  }
  const w = weights instanceof GraphWeights ? weights : new GraphWeights(b, weights);
  const c = config.chronos;
  const P = c.outputPatchSize;
  const Q = c.quantiles.length;
  const D = config.dModel;
  const dims = { heads: config.numHeads, dk: config.dKv };
  const eps = config.layerNormEpsilon;
  const dbg = (v: Value, name: string) => debug?.(v, name);
  const dropped = (site: string, v: Value) => (drop ? drop(site, v) : v);

  const st = inputStage(b, config, context, future, { fixedShapes: fixed });
  dbg(st.loc, "loc");
  dbg(st.scale, "scale");
  dbg(st.normalized, "context_normalized");
  dbg(st.contextFeatures, "patched_context_input");
  dbg(st.futureFeatures, "patched_future_input");
  const embed = (x: Value, site: string) =>
    residualBlock(b, w, "input_patch_embedding", x, {
      drop,
      site: `input_patch_embedding.${site}`,
    });
  const ctxEmb = embed(st.contextFeatures, "context");
  const futEmb = embed(st.futureFeatures, "future");
  dbg(ctxEmb, "context_patch_embeddings");
  dbg(futEmb, "future_patch_embeddings");
  const rows = fixed ? fixedDim(context, 0) : dimOf(b, context, 0);
  const reg = b.scope("reg", () => {
    const row = slice(b, w.get("shared.weight"), {
      starts: [config.regTokenId],
      ends: [config.regTokenId + 1],
      axes: [0],
    });
    return expand(
      b,
      unsqueeze(b, row, { axes: [0] }),
      typeof rows === "number"
        ? [rows, 1, D]
        : concat(b, [rows, b.constant([1, D], [2], "int64")], { axis: 0 }),
    );
  });
  let h = dropped("encoder.input", concat(b, [ctxEmb, reg, futEmb], { axis: 1 }));
  dbg(h, "encoder_inputs_embeds");
  let ones: Value;
  let seqLen: Value | number;
  let nOut: Value | number;
  if (typeof rows === "number") {
    nOut = fixedDim(futEmb, 1);
    seqLen = fixedDim(h, 1);
    ones = b.constant(new Float32Array(rows * (1 + nOut)).fill(1), [rows, 1 + nOut]);
  } else {
    nOut = dimOf(b, futEmb, 1);
    seqLen = dimOf(b, h, 1);
    ones = constantOfShape(b, concat(b, [rows, add(b, nOut, 1)], { axis: 0 }), { value: 1 });
  }
  const amask = concat(b, [st.contextValid, ones], { axis: 1 }); // [B, S]
  dbg(amask, "encoder_attention_mask");
  const timeMask = b.scope(
    "time_mask",
    () => unsqueeze(b, mul(b, sub(b, 1, amask), MIN), { axes: [1, 2] }),
  ); // [B,1,1,S]
  const rope = {
    ...(typeof seqLen === "number"
      ? ropeConstantTables(b, seqLen, config.dKv, config.ropeTheta)
      : ropeTables(b, reshape(b, seqLen, []), config.dKv, config.ropeTheta)),
    // R once for every layer's queries and keys
    rotation: options.rotateByProduct
      ? b.constant(rotateHalfMatrix(config.dKv), [config.dKv, config.dKv])
      : undefined,
  };
  if (debug) {
    b.output(unsqueeze(b, rope.cos, { axes: [0] }), "rope_cos");
    b.output(unsqueeze(b, rope.sin, { axes: [0] }), "rope_sin");
  }
  let groupMask: Value | undefined;
  if (groupIds) {
    groupMask = b.scope("group_mask", () => {
      const same = cast(
        b,
        equal(b, unsqueeze(b, groupIds, { axes: [1] }), unsqueeze(b, groupIds, { axes: [0] })),
        { to: "float32" },
      ); // [q, b]
      const gt = mul(b, unsqueeze(b, same, { axes: [2] }), unsqueeze(b, amask, { axes: [0] })); // [q, b, t]
      const m = mul(b, sub(b, 1, gt), MIN);
      return unsqueeze(b, transpose(b, m, { perm: [2, 0, 1] }), { axes: [1] }); // [t, 1, q, b]
    });
  }
  const fusedProducts = options.fusedProducts ?? false;
  const pruneLast = (options.lastLayerAtOutputsOnly ?? false) && !debug &&
    typeof seqLen === "number" && typeof nOut === "number";
  /** The output patches' rows of a `[., S, .]` value (axis 1) or of a `[S, .]` table (axis 0). */
  const atOutputs = (v: Value, axis: number) =>
    slice(b, v, {
      starts: [(seqLen as number) - (nOut as number)],
      ends: [seqLen as number],
      axes: [axis],
    });
  for (let l = 0; l < config.numLayers; l++) {
    const pre = `encoder.block.${l}.layer`;
    // the last layer, pruned: queries, residual stream and everything after at the outputs only
    const outputsOnly = pruneLast && l === config.numLayers - 1;
    h = b.scope(`encoder/${l}`, () => {
      let x = b.scope("time_attention", () => {
        const n = rmsNorm(b, h, w.get(`${pre}.0.layer_norm.weight`), eps);
        const queries = outputsOnly
          ? {
            n: atOutputs(n, 1),
            rope: { ...rope, cos: atOutputs(rope.cos, 0), sin: atOutputs(rope.sin, 0) },
          }
          : undefined;
        const a = attention(b, w, `${pre}.0.self_attention`, n, timeMask, dims, {
          rope,
          drop,
          queries,
          fusedProducts,
        });
        return add(b, outputsOnly ? atOutputs(h, 1) : h, dropped(`${pre}.0.residual`, a));
      });
      dbg(x, `block${l}_time_attention_out`);
      x = b.scope("group_attention", () => {
        if (groupMask) {
          // over the rows at each token: the stream stays [rows, tokens, D] (norm and
          // projections are per token), only the heads are laid out [tokens, heads, rows, dk]
          const n = rmsNorm(b, x, w.get(`${pre}.1.layer_norm.weight`), eps);
          const mask = outputsOnly ? atOutputs(groupMask, 0) : groupMask; // [t, 1, q, b]
          const a = attention(b, w, `${pre}.1.self_attention`, n, mask, dims, {
            drop,
            attendedAxisFirst: true,
            fusedProducts,
          });
          return add(b, x, dropped(`${pre}.1.residual`, a));
        }
        const n = rmsNorm(b, x, w.get(`${pre}.1.layer_norm.weight`), eps);
        const a = singletonGroupAttention(b, w, `${pre}.1.self_attention`, n, dims, {
          drop,
          asLinears: options.singletonGroupLinears ?? false,
        });
        return add(b, x, dropped(`${pre}.1.residual`, a));
      });
      dbg(x, `block${l}_group_attention_out`);
      x = b.scope("feed_forward", () => {
        const n = rmsNorm(b, x, w.get(`${pre}.2.layer_norm.weight`), eps);
        const hid = dropped(`${pre}.2.mlp.hidden`, relu(b, w.linear(n, `${pre}.2.mlp.wi.weight`)));
        return add(b, x, dropped(`${pre}.2.residual`, w.linear(hid, `${pre}.2.mlp.wo.weight`)));
      });
      dbg(x, `block${l}_out`);
      return x;
    });
  }
  h = rmsNorm(b, h, w.get("encoder.final_layer_norm.weight"), eps);
  dbg(h, "final_hidden_state");
  const headIn = pruneLast
    ? h // already the output patches
    : typeof seqLen === "number" && typeof nOut === "number"
    ? slice(b, h, { starts: [seqLen - nOut], ends: [seqLen], axes: [1] })
    : slice(b, h, {
      starts: sub(b, seqLen as Value, nOut as Value),
      ends: b.constant([2 ** 62], [1], "int64"),
      axes: [1],
    });
  dbg(headIn, "output_head_in");
  const raw = residualBlock(b, w, "output_patch_embedding", dropped("encoder.output", headIn), {
    drop,
  }); // [B, nOut, Q·P]
  dbg(raw, "output_head_out_raw");
  const z = reshape(b, transpose(b, reshape(b, raw, [0, 0, Q, P]), { perm: [0, 2, 1, 3] }), [
    0,
    0,
    -1,
  ]);
  dbg(z, "quantile_preds_normalized");
  return { quantilesNormalized: z, loc: st.loc, scale: st.scale };
}

/**
 * Builds the forward graph.
 *
 * @param config model config
 * @param weights the state dict (validated against the config)
 * @param options variant and debug outputs
 * @returns the graph
 * @throws {ModelFormatError} when the weights do not match the config
 * @example Usage
 * ```ts
 * import { buildChronos2Graph } from "@chronos-deno/chronos-deno/chronos2";
 * import { loadChronos2Config } from "@chronos-deno/chronos-deno/chronos2";
 * import { readSafetensors } from "@chronos-deno/chronos-deno/chronos2";
 * const dir = "tests/fixtures/chronos2-tiny";
 * const g = buildChronos2Graph(await loadChronos2Config(`${dir}/config.json`), await readSafetensors(`${dir}/model.safetensors`));
 * if (g.outputs[0]!.name !== "quantiles") throw new Error();
 * ```
 */
export function buildChronos2Graph(
  config: Chronos2Config,
  weights: WeightMap,
  options: BuildGraphOptions = {},
): Graph {
  validateWeights(config, weights);
  const variant = options.variant ?? "group";
  const b = new GraphBuilder(`chronos2_${variant}`);
  const context = b.input("context", "float32", ["batch", "time"]);
  const groupIds = variant === "group" ? b.input("group_ids", "int64", ["batch"]) : undefined;
  const future = b.input("future_covariates", "float32", ["batch", "future"]);
  const fwd = chronos2Forward(
    b,
    config,
    { context, groupIds, futureCovariates: future },
    options.precision && options.precision !== "fp32"
      ? new PrecisionWeights(b, weights, options.precision)
      : new GraphWeights(b, weights),
    { debug: options.debugOutputs ? (v, name) => b.output(v, name) : undefined },
  );
  const z = fwd.quantilesNormalized;
  const y = config.chronos.useArcsinh ? sinh(b, z) : z;
  const out = add(
    b,
    mul(b, y, unsqueeze(b, fwd.scale, { axes: [2] })),
    unsqueeze(b, fwd.loc, { axes: [2] }),
  );
  b.output(out, "quantiles");
  return b.build();
}
