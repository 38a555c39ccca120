/**
 * Loading a model folder into a ready {@link Chronos2Pipeline}.
 *
 * @module
 */

import type { SessionOptions } from "../../lib/runtime/mod.ts";
import { loadChronos2Config } from "./config.ts";
import { conversionFiles, isConversionUpToDate } from "./convert.ts";
import type { Precision } from "./precision.ts";
import { createOnnxRunner } from "./onnx_runner.ts";
import { Chronos2Pipeline } from "./pipeline.ts";
import { referenceRunner } from "./reference_forward.ts";
import { validateWeights } from "./weight_layout.ts";
import { readSafetensors, readSafetensorsIndex, type WeightMap } from "./weights.ts";

/** Options of {@link loadChronos2}. */
export interface LoadOptions extends SessionOptions {
  /** "onnx" (ONNX Runtime) or "reference" (slow plain TypeScript, for checks). @default "onnx" */
  backend?: "onnx" | "reference";
  /** Use model.onnx files when they are up to date. @default true */
  useConvertedFiles?: boolean;
  /**
   * Precision of the encoder's matrix products: "fp32" as released, "int8"
   * (quantized, faster on CPUs), "bf16" (bfloat16 weights; no faster on CPUs).
   * Uses the folder's `model.<precision>.onnx` files when up to date. @default "fp32"
   */
  precision?: Precision;
}

/**
 * Loads `dir/config.json` and `dir/model.safetensors` (and the converted ONNX
 * files when up to date) into a pipeline.
 *
 * @param dir the model folder
 * @param options backend, session and warning options
 * @returns the pipeline
 * @throws {ModelFormatError} when a file is missing or corrupt, or config and weights disagree
 * @example Usage
 * ```ts
 * import { loadChronos2 } from "@chronos-deno/chronos-deno/chronos2";
 * const p = await loadChronos2("tests/fixtures/chronos2-tiny");
 * const [f] = await p.predict([[1, 2, 3, 4, 5]], { predictionLength: 3 });
 * if (f!.shape.join() !== "1,21,3") throw new Error();
 * await p.release();
 * ```
 */
export async function loadChronos2(
  dir: string,
  options: LoadOptions = {},
): Promise<Chronos2Pipeline> {
  const config = await loadChronos2Config(`${dir}/config.json`);
  const source = `${dir}/model.safetensors`;
  const warn = options.onWarning ? { onWarning: options.onWarning } : {};
  const fresh = options.backend !== "reference" && (options.useConvertedFiles ?? true) &&
    (await isConversionUpToDate(dir, options.precision));
  // From up-to-date ONNX files ONNX Runtime reads the weights itself (external data
  // in model.safetensors): only the header is read here, to check the shapes.
  const shapes = fresh
    ? new Map((await readSafetensorsIndex(source)).map((e) => [e.name, e]))
    : await readSafetensors(source);
  validateWeights(config, shapes, { source, ...warn });
  if (options.backend === "reference") {
    if ((options.precision ?? "fp32") !== "fp32") {
      throw new TypeError(
        `Cannot run the reference backend at ${options.precision}: it computes in float64/float32 only; use the onnx backend`,
      );
    }
    return new Chronos2Pipeline(config, referenceRunner(config, shapes as WeightMap), warn);
  }
  const { backend: _b, useConvertedFiles: _u, ...session } = options;
  const graphs = conversionFiles(options.precision).graphs;
  const runner = createOnnxRunner(config, fresh ? undefined : shapes as WeightMap, {
    ...session,
    ...(fresh
      ? {
        models: {
          group: `${dir}/${graphs.group}`,
          singleton: `${dir}/${graphs.singleton}`,
        },
        loadWeights: () => readSafetensors(source),
      }
      : {}),
  });
  return new Chronos2Pipeline(config, runner, { ...warn, release: () => runner.release() });
}
