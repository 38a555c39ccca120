/**
 * Opening a Chronos-2 model the way the tasks name it: a local folder
 * (`config.json` + `model.safetensors`) as it is, or a Hugging Face id
 * (`amazon/chronos-2`) from its cache folder under `models/foundation/`,
 * downloaded and converted to ONNX on first use and reused afterwards.
 *
 * @module
 */

import { DownloadError } from "../../lib/errors.ts";
import { convertModel } from "./convert.ts";
import { defaultModelDir, downloadModel } from "./hub.ts";
import { loadChronos2, type LoadOptions } from "./load.ts";
import type { Chronos2Pipeline } from "./pipeline.ts";
import type { Precision } from "./precision.ts";

/** A hub id: "owner/name" (not path-like). */
const HUB_ID = /^[A-Za-z0-9][\w.-]*\/[\w.-]+$/;

/** Where a model named by folder or hub id lives. */
export interface ModelLocation {
  /** What the caller named: the folder or the hub id. */
  id: string;
  /** The folder with config.json and model.safetensors. */
  dir: string;
  /** "local" for a folder, the hub revision ("main") for a hub id. */
  revision: string;
}

/** Options of {@linkcode locateChronos2}. */
export interface LocateOptions {
  /** One-line notes (download, conversion). */
  onInfo?: ((line: string) => void) | undefined;
  /** The precision whose ONNX files a hub model is converted to. @default "fp32" */
  precision?: Precision;
}

async function isDir(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isDirectory;
  } catch {
    return false;
  }
}

/**
 * Finds the folder of a model: a folder as it is; a hub id from its cache
 * folder, downloaded when the weights are not there yet and converted to ONNX
 * (skipped when up to date).
 *
 * @param modelOrId a model folder or a Hugging Face id
 * @param options progress notes
 * @returns the folder, the id and the revision
 * @throws {Deno.errors.NotFound} when it is neither a folder nor a hub id
 * @throws {DownloadError} when a hub id cannot be downloaded
 * @example Usage
 * ```ts
 * import { locateChronos2 } from "@chronos-deno/chronos-deno/chronos2";
 * const where = await locateChronos2("tests/fixtures/chronos2-tiny");
 * if (where.dir !== "tests/fixtures/chronos2-tiny" || where.revision !== "local") throw new Error();
 * ```
 */
export async function locateChronos2(
  modelOrId: string,
  options: LocateOptions = {},
): Promise<ModelLocation> {
  if (await isDir(modelOrId)) return { id: modelOrId, dir: modelOrId, revision: "local" };
  if (!HUB_ID.test(modelOrId) || modelOrId.startsWith(".")) {
    throw new Deno.errors.NotFound(
      `Cannot find the model folder "${modelOrId}": pass a folder with config.json and ` +
        `model.safetensors, or a Hugging Face id such as "amazon/chronos-2"`,
    );
  }
  const dir = defaultModelDir(modelOrId);
  const have = await Deno.stat(`${dir}/model.safetensors`).then(() => true, () => false);
  if (!have) {
    options.onInfo?.(`Downloading ${modelOrId} into ${dir}`);
    try {
      await downloadModel({ repo: modelOrId, dir });
    } catch (err) {
      if (!(err instanceof DownloadError)) throw err;
      throw new DownloadError(
        err.url,
        `Cannot get the model "${modelOrId}": it is not a folder here and the download failed: ` +
          err.message,
        { cause: err },
      );
    }
  }
  await convertModel(dir, {
    ...(options.onInfo ? { onProgress: options.onInfo } : {}),
    ...(options.precision ? { precision: options.precision } : {}),
  });
  return { id: modelOrId, dir, revision: "main" };
}

/** Options of {@linkcode openChronos2}: loading, session and progress options. */
export interface OpenChronos2Options extends LoadOptions, LocateOptions {}

/** An opened model: where it lives, the pipeline, and the execution provider it runs on. */
export interface OpenedChronos2 extends ModelLocation {
  /** The ready pipeline (release it when done). */
  pipeline: Chronos2Pipeline;
  /** The ONNX Runtime execution provider ("cpu" for the reference backend). */
  executionProvider: string;
  /** Why that provider (fallbacks included). */
  providerReason: string;
}

/**
 * Opens a model named by folder or hub id ({@linkcode locateChronos2}), loads
 * the pipeline and runs one tiny batch, so that the ONNX Runtime session (and
 * the execution provider it got) exists before any timed work starts.
 *
 * @param modelOrId a model folder or a Hugging Face id
 * @param options backend, session options (execution provider), warnings, progress
 * @returns the pipeline, its location and its execution provider
 * @throws {Deno.errors.NotFound} when it is neither a folder nor a hub id
 * @throws {DownloadError} when a hub id cannot be downloaded
 * @throws {ModelFormatError} when the folder's files are missing or do not match
 * @example Usage
 * ```ts
 * import { openChronos2 } from "@chronos-deno/chronos-deno/chronos2";
 * const m = await openChronos2("tests/fixtures/chronos2-tiny", { executionProvider: "cpu" });
 * if (m.executionProvider !== "cpu") throw new Error();
 * await m.pipeline.release();
 * ```
 */
export async function openChronos2(
  modelOrId: string,
  options: OpenChronos2Options = {},
): Promise<OpenedChronos2> {
  const { onInfo, ...load } = options;
  const where = await locateChronos2(modelOrId, {
    onInfo,
    ...(options.precision ? { precision: options.precision } : {}),
  });
  const pipeline = await loadChronos2(where.dir, load);
  try {
    await pipeline.predictBatch({
      context: new Float32Array(16).fill(1),
      rows: 1,
      length: 16,
      groupIds: new Int32Array(1),
      predictionLength: 1,
    });
  } catch (err) {
    await pipeline.release();
    throw err;
  }
  const runner = pipeline.runner;
  return {
    ...where,
    pipeline,
    executionProvider: runner.executionProvider ?? "cpu",
    providerReason: runner.providerReason ??
      (options.backend === "reference" ? "plain TypeScript reference forward" : ""),
  };
}
