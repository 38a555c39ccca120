/**
 * Conversion of a model folder (`config.json` + `model.safetensors`) into
 * ONNX files beside them: `model.onnx` (official group attention, inputs
 * `context`, `group_ids`, `future_covariates`) and `model.singleton.onnx`
 * (the exact shortcut for batches of independent series, no `group_ids`).
 * A sidecar `model.onnx.json` records the sources' sizes and modification
 * times (and the config's SHA-256) so an up-to-date folder is skipped.
 *
 * @module
 */

import { ModelFormatError } from "../../lib/errors.ts";
import { serializeModel } from "../../lib/onnx/mod.ts";
import { loadChronos2Config } from "./config.ts";
import { buildChronos2Graph, type GraphVariant } from "./graph.ts";
import { readSafetensors } from "./weights.ts";

/** Bump when the graph changes, so that old conversions are redone. */
export const GRAPH_VERSION = 1;

/** File names of a converted folder. */
export const ONNX_FILES: Record<GraphVariant, string> = {
  group: "model.onnx",
  singleton: "model.singleton.onnx",
};

const SIDECAR = "model.onnx.json";

interface SourceStamp {
  size: number;
  mtimeMs: number;
}

interface Sidecar {
  graphVersion: number;
  config: SourceStamp & { sha256: string };
  weights: SourceStamp;
}

async function stamp(path: string): Promise<SourceStamp> {
  try {
    const st = await Deno.stat(path);
    return { size: st.size, mtimeMs: st.mtime?.getTime() ?? 0 };
  } catch (err) {
    const file = path.split("/").pop()!;
    throw new ModelFormatError(
      file,
      `Cannot find "${path}": a model folder needs config.json and model.safetensors`,
      { cause: err },
    );
  }
}

async function sha256(path: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", await Deno.readFile(path));
  return Array.from(new Uint8Array(digest), (x) => x.toString(16).padStart(2, "0")).join("");
}

async function currentSidecar(dir: string): Promise<Sidecar> {
  const config = {
    ...(await stamp(`${dir}/config.json`)),
    sha256: await sha256(`${dir}/config.json`),
  };
  return { graphVersion: GRAPH_VERSION, config, weights: await stamp(`${dir}/model.safetensors`) };
}

/**
 * Whether the folder's ONNX files exist and match its config and weights.
 *
 * @param dir the model folder
 * @returns true when `convertModel` would skip
 * @throws {ModelFormatError} when config.json or model.safetensors is missing
 * @example Usage
 * ```ts ignore
 * if (await isConversionUpToDate("models/foundation/chronos-2")) console.log("fresh");
 * ```
 */
export async function isConversionUpToDate(dir: string): Promise<boolean> {
  const now = await currentSidecar(dir);
  let old: Sidecar;
  try {
    old = JSON.parse(await Deno.readTextFile(`${dir}/${SIDECAR}`));
  } catch {
    return false;
  }
  for (const f of Object.values(ONNX_FILES)) {
    try {
      await Deno.stat(`${dir}/${f}`);
    } catch {
      return false;
    }
  }
  return JSON.stringify(old) === JSON.stringify(now);
}

/** Options of {@link convertModel}. */
export interface ConvertOptions {
  /** Convert even when up to date. @default false */
  force?: boolean;
  /** Progress messages. */
  onProgress?: (msg: string) => void;
}

/** What {@link convertModel} did. */
export interface ConvertResult {
  /** False when the folder was already up to date. */
  converted: boolean;
  /** Paths of the ONNX files. */
  files: string[];
}

/**
 * Converts `dir/config.json` + `dir/model.safetensors` into ONNX files beside them.
 *
 * @param dir the model folder
 * @param options force and progress
 * @returns whether it converted and the file paths
 * @throws {ModelFormatError} when a file is missing, corrupt, or the weights do not match the config
 * @example Usage
 * ```ts ignore
 * const { converted } = await convertModel("models/foundation/chronos-2");
 * ```
 */
export async function convertModel(
  dir: string,
  options: ConvertOptions = {},
): Promise<ConvertResult> {
  const files = Object.values(ONNX_FILES).map((f) => `${dir}/${f}`);
  if (!options.force && (await isConversionUpToDate(dir))) {
    options.onProgress?.(`Up to date: ${files.join(", ")}`);
    return { converted: false, files };
  }
  const sidecar = await currentSidecar(dir);
  const config = await loadChronos2Config(`${dir}/config.json`);
  options.onProgress?.(`Reading ${dir}/model.safetensors`);
  const weights = await readSafetensors(`${dir}/model.safetensors`);
  for (const [variant, file] of Object.entries(ONNX_FILES) as [GraphVariant, string][]) {
    options.onProgress?.(`Building the ${variant} graph`);
    const bytes = serializeModel(buildChronos2Graph(config, weights, { variant }));
    await Deno.writeFile(`${dir}/${file}.tmp`, bytes);
    await Deno.rename(`${dir}/${file}.tmp`, `${dir}/${file}`);
    options.onProgress?.(`Wrote ${dir}/${file} (${(bytes.length / 1e6).toFixed(1)} MB)`);
  }
  await Deno.writeTextFile(`${dir}/${SIDECAR}`, JSON.stringify(sidecar, null, 2) + "\n");
  return { converted: true, files };
}
