/**
 * Parity of the training graph with the official code on the L1/L2 fixture
 * cases: the loss and every recorded gradient (the full small tensors and the
 * L2 norm of every parameter's gradient), dropout off, tolerance 1e-4
 * relative. {@linkcode registerTrainingParity} plugs these checks into the
 * parity harness (`deno task parity`).
 *
 * @module
 */

import { serializeModel } from "../../../lib/onnx/serialize.ts";
import { createSession, type Tensor } from "../../../lib/runtime/session.ts";
import type { Chronos2Config } from "../config.ts";
import { compareBlock, PARITY_TOLERANCE } from "./harness.ts";
import type { ParityCheck } from "./checkers.ts";
import { registerCaseChecker } from "./checkers.ts";
import { type CaseJson, f32, type JsonTensor } from "./cases.ts";
import { buildTrainingGraph } from "../train/graph.ts";
import type { WeightMap } from "../weights.ts";

interface LossBatch {
  context: JsonTensor;
  "future_target": JsonTensor;
  "future_covariates": JsonTensor;
  "group_ids": JsonTensor;
}

/**
 * Runs the training graph (full mode, dropout off) on an L case's batch and
 * compares loss and gradients with the recorded ones. A batch whose rows are
 * each their own group runs the graph fine-tuning builds for such data
 * (`singletonGroups`), one with larger groups the grouped attention.
 *
 * @param c the case JSON (`batch`, `loss`, `grads_small_tensors`, `grad_norm_per_parameter`)
 * @param config the fixture model's config
 * @param weights the fixture model's weights
 * @param tol relative tolerance
 * @returns one check per compared quantity
 * @throws {TypeError} when the case has no training batch
 * @example Usage
 * ```ts ignore
 * const checks = await checkTrainingCase(caseJson, config, weights);
 * ```
 */
export async function checkTrainingCase(
  c: CaseJson,
  config: Chronos2Config,
  weights: WeightMap,
  tol: number = PARITY_TOLERANCE,
): Promise<ParityCheck[]> {
  const batch = c.batch as LossBatch | undefined;
  if (!batch?.context || !batch["future_target"]) {
    throw new TypeError(`Case "${c.case}" has no training batch`);
  }
  const [R, T] = batch.context.shape as [number, number];
  const H = batch["future_target"].shape[1]!;
  const P = config.chronos.inputPatchSize;
  const L = Math.ceil(T / P) * P;
  const groupIds = BigInt64Array.from(batch["group_ids"].data, (v) => BigInt(v ?? 0));
  const singletonGroups = new Set(groupIds).size === R;
  const tg = buildTrainingGraph(config, weights, {
    rows: R,
    length: L,
    predictionLength: H,
    singletonGroups,
  });
  // the same optimisation level as fine-tuning, so parity checks what training runs
  const session = await createSession(serializeModel(tg.graph), {
    executionProvider: "cpu",
    graphOptimization: "all",
  });
  try {
    const ctx = new Float32Array(R * L).fill(NaN);
    const src = f32(batch.context);
    for (let r = 0; r < R; r++) ctx.set(src.subarray(r * T, (r + 1) * T), r * L + L - T);
    const feeds: Record<string, Tensor> = {
      context: { dtype: "float32", dims: [R, L], data: ctx },
      ...(singletonGroups ? {} : { "group_ids": { dtype: "int64", dims: [R], data: groupIds } }),
      "future_covariates": {
        dtype: "float32",
        dims: [R, H],
        data: f32(batch["future_covariates"]),
      },
      "future_target": { dtype: "float32", dims: [R, H], data: f32(batch["future_target"]) },
    };
    for (const p of tg.params) {
      feeds[p.name] = { dtype: "float32", dims: p.shape, data: weights.get(p.name)!.data };
    }
    const out = await session.run(feeds);
    const checks: ParityCheck[] = [
      compareBlock("loss", [Number(out.loss!.data[0])], [c.loss as number], tol),
    ];
    const grad = (name: string) => out[`grad/${name}`]?.data as Float32Array | undefined;
    const small = (c["grads_small_tensors"] ?? {}) as Record<string, JsonTensor>;
    for (const [name, t] of Object.entries(small)) {
      checks.push(compareBlock(`grad ${name}`, grad(name) ?? [], f32(t), tol));
    }
    const norms = (c["grad_norm_per_parameter"] ?? {}) as Record<string, number>;
    let total = 0;
    for (const [name, expected] of Object.entries(norms)) {
      const g = grad(name) ?? new Float32Array();
      const sq = g.reduce((a, x) => a + x * x, 0);
      total += sq;
      // a zero expected norm (group attention q/k on singleton groups) must come out zero
      checks.push(
        expected === 0
          ? { name: `|grad ${name}|`, relErr: Math.sqrt(sq), ok: Math.sqrt(sq) <= 1e-6 }
          : compareBlock(`|grad ${name}|`, [Math.sqrt(sq)], [expected], tol),
      );
    }
    if (typeof c["grad_norm_total_l2"] === "number") {
      checks.push(compareBlock("|grad| total", [Math.sqrt(total)], [c["grad_norm_total_l2"]], tol));
    }
    return checks;
  } finally {
    await session.release();
  }
}

/**
 * Registers the L1/L2 checks with the parity harness, for cases whose name
 * starts with "L" and that carry a training batch.
 *
 * @param config the fixture model's config
 * @param loadWeights loads the fixture model's weights (called once, lazily)
 * @returns a function that removes the registration again
 * @example Usage
 * ```ts ignore
 * const remove = registerTrainingParity(config, () => readSafetensors(`${dir}/model.safetensors`));
 * ```
 */
export function registerTrainingParity(
  config: Chronos2Config,
  loadWeights: () => Promise<WeightMap>,
): () => void {
  let weights: Promise<WeightMap> | undefined;
  return registerCaseChecker(
    (name) => /^L\d/.test(name),
    async (c) => checkTrainingCase(c, config, await (weights ??= loadWeights())),
  );
}
