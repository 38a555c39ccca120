/**
 * ONNX Runtime sessions: the only importer of `onnxruntime-node` (loaded lazily, on
 * the first {@linkcode createSession}). Picks the execution provider, validates
 * feeds, and wraps ORT failures in `OrtRunError`. Callers see only our
 * {@linkcode Tensor} type.
 *
 * @module
 */

import type * as OrtTypes from "onnxruntime-node";
import { chooseExecutionProvider, type ExecutionProvider } from "./provider_choice.ts";
import { OrtRunError } from "../errors.ts";
import {
  describe,
  type IoMetadata,
  summarise,
  UnreadableOutputError,
  validate,
  validateOutputs,
} from "./feed_check.ts";
import type { DType } from "../onnx/graph.ts";
import type { Tensor } from "./tensor.ts";
import { loadCApi } from "./ort_c_api.ts";
import { type CApiSession, openCApiSession } from "./c_api_session.ts";

export type { ExecutionProvider, Tensor };

/** Options of {@linkcode createSession}. */
export interface SessionOptions {
  /** Provider; `auto` picks CUDA, then a real WebGPU adapter, then CPU. @default "auto" */
  executionProvider?: ExecutionProvider;
  /** Intra-op threads (0 lets ORT decide). @default 0 */
  intraOpThreads?: number;
  /** Graph optimisation level. @default "all" */
  graphOptimization?: "all" | "basic" | "disabled";
  /**
   * ORT's memory pattern: after the first run it plans one block for all
   * intermediate tensors of that input shape and reuses it. Faster to
   * allocate, but the planned block lives as long as the session; off, the
   * intermediates are allocated and freed as they go (a lower peak for large
   * graphs such as the training graph). @default true
   */
  enableMemPattern?: boolean;
  /**
   * ORT's CPU memory arena: freed blocks are kept for reuse instead of being
   * returned to the system. @default true
   */
  enableCpuMemArena?: boolean;
  /** Run independent nodes one after another or in parallel. @default "sequential" */
  executionMode?: "sequential" | "parallel";
  /**
   * ORT's intra-op threads stop spinning when a run ends (the session entry
   * `session.force_spinning_stop`; they still spin between the nodes of a
   * run), so that work between runs has the cores: left spinning, they kept
   * the second core of this 2-core machine busy for milliseconds after each
   * training run, and the next step's dropout masks, filled on both cores,
   * took ~9.5 ms instead of ~5. @default false
   */
  stopSpinningAfterRun?: boolean;
  /**
   * Profile every run with ORT's profiler: the Chrome-trace JSON (one event
   * per node run, with op type and duration) goes to
   * `<profileFilePrefix>_<date>.json` when {@linkcode Session.endProfiling}
   * is called. Unset: no profiling.
   */
  profileFilePrefix?: string;
  /**
   * Run on ONNX Runtime's C API through Deno's FFI instead of the Node
   * binding, when the CPU provider is chosen and the `ffi` permission is
   * granted: inputs and pre-allocated outputs are used in place (the Node
   * binding copies every output into a new buffer, 0.48 GB per full-size
   * training step). Where the C API cannot be loaded the Node binding runs
   * and `providerReason` says why. @default false
   */
  zeroCopy?: boolean;
  /** Receives warnings, e.g. a provider that failed to start. */
  onWarning?: (msg: string) => void;
}

/** Options of {@linkcode Session.run}. */
export interface RunOptions {
  /**
   * Pre-allocated outputs, by output name: ORT writes those outputs into
   * these tensors (dtype and dims must be the output's) instead of
   * allocating them, and the result returns these same tensors. Outputs not
   * named here are allocated by ORT as usual.
   */
  outputs?: Record<string, Tensor>;
}

/** A loaded model. */
export interface Session {
  /** Runs the model; all outputs are returned. */
  run(feeds: Record<string, Tensor>, options?: RunOptions): Promise<Record<string, Tensor>>;
  /** Input names, in model order. */
  readonly inputNames: string[];
  /** Output names, in model order. */
  readonly outputNames: string[];
  /** The provider in use: "cpu", "cuda" or "webgpu". */
  readonly executionProvider: string;
  /** Why that provider was chosen. */
  readonly providerReason: string;
  /**
   * Whether ORT runs through its C API ({@linkcode SessionOptions.zeroCopy}):
   * outputs are then written in place, where the Node binding also returns
   * a copy of each (garbage the caller may want collected).
   */
  readonly zeroCopy: boolean;
  /** Frees the native session. */
  release(): Promise<void>;
  /** Ends profiling (see `profileFilePrefix`) and writes the trace; a no-op without it. */
  endProfiling(): void;
}

type Ort = typeof OrtTypes;
let ortModule: Promise<Ort> | undefined;

function loadOrt(): Promise<Ort> {
  // ORT's own logger writes to stderr; the library never prints, and every ORT failure
  // reaches the caller as an OrtRunError (or a warning), so only fatal messages remain.
  ortModule ??= (import("onnxruntime-node") as Promise<Ort>).then((ort) => {
    ort.env.logLevel = "fatal";
    return ort;
  });
  return ortModule;
}

function toOrt(ort: Ort, t: Tensor): OrtTypes.Tensor {
  if (t.dtype === "bfloat16") {
    throw new TypeError(
      "Cannot feed a bfloat16 tensor: ONNX Runtime for Node takes float32 inputs",
    );
  }
  return new ort.Tensor(t.dtype, t.data as Float32Array, t.dims);
}

function fromOrt(name: string, t: OrtTypes.Tensor): Tensor {
  const dtypes: Record<string, DType> = {
    float32: "float32",
    float64: "float64",
    int64: "int64",
    int32: "int32",
    bool: "bool",
    int8: "int8",
  };
  const dtype = dtypes[t.type];
  if (!dtype) {
    throw new UnreadableOutputError(name, `its type "${t.type}"`);
  }
  return { dtype, dims: [...t.dims], data: t.data as Tensor["data"] };
}

/**
 * Loads a model into ONNX Runtime, choosing the execution provider.
 *
 * @param model ONNX bytes or a file path
 * @param options provider, threads, optimisation level, warning sink
 * @returns the session
 * @throws {OrtRunError} when ORT cannot load the model even on the CPU
 * @example Usage
 * ```ts
 * import { createSession } from "@chronos-deno/chronos-deno/runtime";
 * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
 * import { relu } from "../onnx/ops/mod.ts";
 * import { serializeModel } from "@chronos-deno/chronos-deno/onnx";
 * import assert from "node:assert/strict";
 * const b = new GraphBuilder();
 * b.output(relu(b, b.input("x", "float32", [2])), "y");
 * const s = await createSession(serializeModel(b.build()), { executionProvider: "cpu" });
 * const out = await s.run({ x: { dtype: "float32", dims: [2], data: new Float32Array([-1, 2]) } });
 * assert.deepEqual(Array.from(out.y!.data as Float32Array), [0, 2]);
 * await s.release();
 * ```
 */
export async function createSession(
  model: Uint8Array | string,
  options: SessionOptions = {},
): Promise<Session> {
  const ort = await loadOrt();
  let { ep, reason } = await chooseExecutionProvider(
    ort.listSupportedBackends().map((b) => b.name),
    options.executionProvider ?? "auto",
  );
  if (options.zeroCopy && ep === "cpu") {
    const direct = await openZeroCopy(model, options, reason);
    if (typeof direct !== "string") return direct;
    reason = `${reason}; the Node binding (no zero-copy: ${direct})`;
  }
  const base: OrtTypes.InferenceSession.SessionOptions = {
    graphOptimizationLevel: options.graphOptimization ?? "all",
    logSeverityLevel: 4,
    ...(options.intraOpThreads ? { intraOpNumThreads: options.intraOpThreads } : {}),
    ...(options.enableMemPattern !== undefined
      ? { enableMemPattern: options.enableMemPattern }
      : {}),
    ...(options.enableCpuMemArena !== undefined
      ? { enableCpuMemArena: options.enableCpuMemArena }
      : {}),
    ...(options.executionMode ? { executionMode: options.executionMode } : {}),
    ...(options.profileFilePrefix
      ? { enableProfiling: true, profileFilePrefix: options.profileFilePrefix }
      : {}),
    // session entries by their flat keys: the binding passes `extra` through as they are
    extra: configEntries(options),
  };
  const open = (provider: string) =>
    typeof model === "string"
      ? ort.InferenceSession.create(model, { ...base, executionProviders: [provider] })
      : ort.InferenceSession.create(model, { ...base, executionProviders: [provider] });
  let session: OrtTypes.InferenceSession;
  try {
    session = await open(ep);
  } catch (e) {
    if (ep === "cpu") {
      throw new OrtRunError(
        `Cannot load the model in ONNX Runtime: ${(e as Error).message}`,
        [],
        { cause: e },
      );
    }
    options.onWarning?.(
      `The ${ep} execution provider failed to start (${(e as Error).message}); using the CPU`,
    );
    reason = `${ep} failed to start: ${(e as Error).message}; fell back to the CPU`;
    ep = "cpu";
    try {
      session = await open("cpu");
    } catch (e2) {
      throw new OrtRunError(
        `Cannot load the model in ONNX Runtime: ${(e2 as Error).message}`,
        [],
        { cause: e2 },
      );
    }
  }
  const s = session;
  return checkedSession({
    zeroCopy: false,
    inputMetadata: s.inputMetadata,
    outputMetadata: s.outputMetadata,
    executionProvider: ep,
    providerReason: reason,
    endProfiling() {
      if (options.profileFilePrefix) s.endProfiling();
    },
    async run(feeds, given) {
      const ortFeeds: Record<string, OrtTypes.Tensor> = {};
      for (const [k, t] of Object.entries(feeds)) ortFeeds[k] = toOrt(ort, t);
      let out;
      if (Object.keys(given).length === 0) out = await s.run(ortFeeds);
      else {
        // every output must be named (null = ORT allocates): the native side pairs them by position
        const fetches: Record<string, OrtTypes.Tensor | null> = {};
        for (const name of s.outputNames) {
          const t = given[name];
          fetches[name] = t ? toOrt(ort, t) : null;
        }
        out = await s.run(ortFeeds, fetches);
      }
      const result: Record<string, Tensor> = {};
      for (const [k, t] of Object.entries(out)) {
        // a pre-allocated output is returned as given (ORT wrote into its data)
        result[k] = given[k] ?? fromOrt(k, t as OrtTypes.Tensor);
      }
      return result;
    },
    async release() {
      await s.release();
    },
  });
}

/** What both session kinds provide before the common checks are put around `run`. */
interface NativeSession {
  zeroCopy: boolean;
  inputMetadata: readonly IoMetadata[];
  outputMetadata: readonly IoMetadata[];
  executionProvider: string;
  providerReason: string;
  run(
    feeds: Record<string, Tensor>,
    given: Record<string, Tensor>,
  ): Promise<Record<string, Tensor>>;
  endProfiling(): void;
  release(): Promise<void>;
}

/** A {@linkcode Session} over either kind: feeds and outputs checked, ORT failures wrapped. */
function checkedSession(native: NativeSession): Session {
  return {
    inputNames: native.inputMetadata.map((m) => m.name),
    outputNames: native.outputMetadata.map((m) => m.name),
    executionProvider: native.executionProvider,
    providerReason: native.providerReason,
    zeroCopy: native.zeroCopy,
    endProfiling: () => native.endProfiling(),
    release: () => native.release(),
    async run(feeds, runOptions = {}) {
      const summary = summarise(feeds);
      const problems = validate(feeds, native.inputMetadata);
      const given = runOptions.outputs ?? {};
      problems.push(...validateOutputs(given, native.outputMetadata));
      if (problems.length > 0) {
        throw new TypeError(
          `Cannot run the model: ${problems.join("; ")} (feeds: ${describe(summary) || "none"})`,
        );
      }
      try {
        return await native.run(feeds, given);
      } catch (e) {
        if (e instanceof UnreadableOutputError) throw e;
        throw new OrtRunError(
          `Cannot run the model: ${(e as Error).message} (feeds: ${describe(summary)})`,
          summary,
          { cause: e },
        );
      }
    },
  };
}

/** ORT's session configuration entries for `options`, by their keys (`onnxruntime_session_options_config_keys.h`). */
function configEntries(options: SessionOptions): Record<string, string> {
  return options.stopSpinningAfterRun ? { "session.force_spinning_stop": "1" } : {};
}

/**
 * The C-API session (see {@linkcode SessionOptions.zeroCopy}), or why not.
 */
async function openZeroCopy(
  model: Uint8Array | string,
  options: SessionOptions,
  reason: string,
): Promise<Session | string> {
  const api = loadCApi();
  if (api instanceof Error) return api.message;
  const bytes = typeof model === "string" ? await Deno.readFile(model) : model;
  let cs: CApiSession;
  try {
    cs = openCApiSession(api, bytes, {
      intraOpThreads: options.intraOpThreads ?? 0,
      graphOptimization: options.graphOptimization ?? "all",
      enableMemPattern: options.enableMemPattern ?? true,
      enableCpuMemArena: options.enableCpuMemArena ?? true,
      executionMode: options.executionMode ?? "sequential",
      ...(options.profileFilePrefix ? { profileFilePrefix: options.profileFilePrefix } : {}),
      configEntries: configEntries(options),
    });
  } catch (e) {
    throw new OrtRunError(`Cannot load the model in ONNX Runtime: ${(e as Error).message}`, [], {
      cause: e,
    });
  }
  return checkedSession({
    zeroCopy: true,
    inputMetadata: cs.inputMetadata,
    outputMetadata: cs.outputMetadata,
    executionProvider: "cpu",
    providerReason: `${reason}; ONNX Runtime ${api.version} through its C API (zero-copy)`,
    endProfiling() {
      if (options.profileFilePrefix) cs.endProfiling();
    },
    run: (feeds, given) => cs.run(feeds, given),
    release() {
      cs.release();
      return Promise.resolve();
    },
  });
}

/** The ONNX Runtime build onnxruntime-node brings. */
export interface OrtBuild {
  /** ORT's version, e.g. `"1.30.0"`. */
  version: string;
  /**
   * The execution providers this build knows; `bundled: false` ones (CUDA,
   * TensorRT) need provider libraries that are installed separately.
   */
  backends: { name: string; bundled: boolean }[];
}

/**
 * Describes the ONNX Runtime build (loads it on the first call).
 *
 * @returns its version and execution providers
 * @example Usage
 * ```ts
 * import { describeOrtBuild } from "@chronos-deno/chronos-deno/runtime";
 * const build = await describeOrtBuild();
 * if (!build.backends.some((b) => b.name === "cpu")) throw new Error(build.version);
 * ```
 */
export async function describeOrtBuild(): Promise<OrtBuild> {
  const ort = await loadOrt();
  return {
    version: ort.env.versions.node ?? ort.env.versions.common ?? "",
    backends: ort.listSupportedBackends().map((b) => ({ name: b.name, bundled: b.bundled })),
  };
}
