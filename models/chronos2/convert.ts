/**
 * Conversion of a model folder (`config.json` + `model.safetensors`) into
 * ONNX files beside them: `model.onnx` (official group attention, inputs
 * `context`, `group_ids`, `future_covariates`) and `model.singleton.onnx`
 * (the exact shortcut for batches of independent series, no `group_ids`).
 * A sidecar `model.onnx.json` records the sources' sizes and modification
 * times (and the config's SHA-256) so an up-to-date folder is skipped.
 *
 * One weights file per model: the graphs hold no copy of the weights. Every
 * initializer that is a float32 tensor of `model.safetensors` is ONNX external
 * data pointing into that file (`location`, `offset`, `length`: safetensors
 * stores raw little-endian row-major tensors after its JSON header); derived
 * tensors larger than {@linkcode MAX_EMBEDDED_BYTES} (the int8 and bf16
 * weights of a reduced precision) go to `model.onnx.data` (`model.int8.onnx.data`, …)
 * beside it, smaller constants stay embedded. So the folder is about the size
 * of its weights, `config.json` and `model.safetensors` are left as the
 * official pipeline reads them, and ONNX Runtime (given the model's path)
 * reads each weight straight from the safetensors file.
 *
 * @module
 */

import { ModelFormatError } from "../../lib/errors.ts";
import { type ExternalDataRef, type Initializer, serializeModel } from "../../lib/onnx/mod.ts";
import { loadChronos2Config } from "./config.ts";
import { buildChronos2Graph, type GraphVariant } from "./graph.ts";
import { readSafetensors, readSafetensorsIndex, type SafetensorsEntry } from "./weights.ts";
import type { Precision } from "./precision.ts";

/** Bump when the graph or its file layout changes, so that old conversions are redone. */
export const GRAPH_VERSION = 2;

/** Derived tensors up to this size stay inside the ONNX file; larger ones go to the derived-tensor file. */
export const MAX_EMBEDDED_BYTES = 4096;

/** File names of a converted folder (fp32). */
export const ONNX_FILES: Record<GraphVariant, string> = {
  group: "model.onnx",
  singleton: "model.singleton.onnx",
};

/** The files of one precision's conversion. */
export interface ConversionFiles {
  /** The ONNX graph of each variant. */
  graphs: Record<GraphVariant, string>;
  /** The sidecar recording the sources converted. */
  sidecar: string;
  /** The derived tensors (when a graph has one above {@linkcode MAX_EMBEDDED_BYTES}). */
  derived: string;
}

/**
 * The file names of a precision's conversion: fp32 writes `model.onnx`,
 * `model.singleton.onnx`, the others `model.<precision>.onnx`, … beside them.
 *
 * @param precision the precision
 * @returns the file names, relative to the model folder
 * @example Usage
 * ```ts
 * import { conversionFiles } from "@chronos-deno/chronos-deno/chronos2";
 * if (conversionFiles("int8").graphs.singleton !== "model.int8.singleton.onnx") throw new Error();
 * if (conversionFiles("fp32").derived !== "model.onnx.data") throw new Error();
 * ```
 */
export function conversionFiles(precision: Precision = "fp32"): ConversionFiles {
  const base = precision === "fp32" ? "model" : `model.${precision}`;
  return {
    graphs: { group: `${base}.onnx`, singleton: `${base}.singleton.onnx` },
    sidecar: `${base}.onnx.json`,
    derived: `${base}.onnx.data`,
  };
}

interface SourceStamp {
  size: number;
  mtimeMs: number;
}

interface Sidecar {
  graphVersion: number;
  config: SourceStamp & { sha256: string };
  weights: SourceStamp;
  /** Files written besides the ONNX graphs (the derived tensors). */
  extraFiles?: string[];
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
 * @param precision which precision's files
 * @returns true when `convertModel` would skip
 * @throws {ModelFormatError} when config.json or model.safetensors is missing
 * @example Usage
 * ```ts ignore
 * if (await isConversionUpToDate("models/foundation/chronos-2")) console.log("fresh");
 * ```
 */
export async function isConversionUpToDate(
  dir: string,
  precision: Precision = "fp32",
): Promise<boolean> {
  const names = conversionFiles(precision);
  const now = await currentSidecar(dir);
  let old: Sidecar;
  try {
    old = JSON.parse(await Deno.readTextFile(`${dir}/${names.sidecar}`));
  } catch {
    return false;
  }
  for (const f of [...Object.values(names.graphs), ...(old.extraFiles ?? [])]) {
    try {
      await Deno.stat(`${dir}/${f}`);
    } catch {
      return false;
    }
  }
  const { extraFiles: _, ...sources } = old;
  return JSON.stringify(sources) === JSON.stringify(now);
}

/** Options of {@link convertModel}. */
export interface ConvertOptions {
  /** Convert even when up to date. @default false */
  force?: boolean;
  /** Progress messages. */
  onProgress?: (msg: string) => void;
  /** The precision of the graphs written ({@linkcode conversionFiles} names them). @default "fp32" */
  precision?: Precision;
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
  const precision = options.precision ?? "fp32";
  const names = conversionFiles(precision);
  const files = Object.values(names.graphs).map((f) => `${dir}/${f}`);
  if (!options.force && (await isConversionUpToDate(dir, precision))) {
    options.onProgress?.(`Up to date: ${files.join(", ")}`);
    return { converted: false, files };
  }
  const sidecar = await currentSidecar(dir);
  const config = await loadChronos2Config(`${dir}/config.json`);
  options.onProgress?.(`Reading ${dir}/model.safetensors`);
  const weights = await readSafetensors(`${dir}/model.safetensors`);
  const index = new Map(
    (await readSafetensorsIndex(`${dir}/model.safetensors`)).map((e) => [e.name, e]),
  );
  const derived = new DerivedTensors(names.derived);
  await Deno.remove(`${dir}/${names.sidecar}`).catch(() => {}); // stale until every file is written
  for (const [variant, file] of Object.entries(names.graphs) as [GraphVariant, string][]) {
    options.onProgress?.(`Building the ${variant} graph (${precision})`);
    const graph = buildChronos2Graph(config, weights, { variant, precision });
    const bytes = serializeModel(graph, {
      externalData: (init) =>
        weightRef(init, index.get(init.name), weights.get(init.name)?.data) ?? derived.ref(init),
    });
    await Deno.writeFile(`${dir}/${file}.tmp`, bytes);
    await Deno.rename(`${dir}/${file}.tmp`, `${dir}/${file}`);
    options.onProgress?.(`Wrote ${dir}/${file} (${(bytes.length / 1e6).toFixed(1)} MB)`);
  }
  const extraFiles = await derived.write(dir);
  await Deno.writeTextFile(
    `${dir}/${names.sidecar}`,
    JSON.stringify({ ...sidecar, extraFiles }, null, 2) + "\n",
  );
  return { converted: true, files: [...files, ...extraFiles.map((f) => `${dir}/${f}`)] };
}

/** The place in model.safetensors of an initializer that is one of its float32 tensors, as stored. */
function weightRef(
  init: Initializer,
  entry: SafetensorsEntry | undefined,
  read: Float32Array | undefined,
): ExternalDataRef | undefined {
  if (!entry || read !== init.data || entry.dtype !== "F32" || init.dtype !== "float32") {
    return undefined;
  }
  if (entry.length !== init.data.byteLength) return undefined;
  return { location: "model.safetensors", offset: entry.offset, length: entry.length };
}

/** Derived tensors too large to embed, laid out once in one file shared by both graphs. */
class DerivedTensors {
  #file: string;
  #parts: Uint8Array[] = [];
  #size = 0;
  #placed = new Map<string, number>();

  constructor(file: string) {
    this.#file = file;
  }

  ref(init: Initializer): ExternalDataRef | undefined {
    const length = init.data.byteLength;
    if (length <= MAX_EMBEDDED_BYTES) return undefined;
    // Both graphs build their own copy of a derived tensor: the name identifies it.
    let offset = this.#placed.get(init.name);
    if (offset === undefined) {
      offset = Math.ceil(this.#size / 64) * 64; // aligned for the runtime's loads
      if (offset > this.#size) this.#parts.push(new Uint8Array(offset - this.#size));
      this.#parts.push(new Uint8Array(init.data.buffer, init.data.byteOffset, length));
      this.#size = offset + length;
      this.#placed.set(init.name, offset);
    }
    return { location: this.#file, offset, length };
  }

  async write(dir: string): Promise<string[]> {
    if (this.#parts.length === 0) {
      await Deno.remove(`${dir}/${this.#file}`).catch(() => {});
      return [];
    }
    const f = await Deno.open(`${dir}/${this.#file}`, {
      write: true,
      create: true,
      truncate: true,
    });
    try {
      for (const p of this.#parts) {
        for (let at = 0; at < p.length;) at += await f.write(p.subarray(at));
      }
    } finally {
      f.close();
    }
    return [this.#file];
  }
}
