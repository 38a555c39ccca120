/**
 * A CPU session on ORT's C API (see `ort_c_api.ts`): inputs are read from the
 * caller's typed arrays and pre-allocated outputs are written into theirs,
 * with no copy either way; outputs ORT allocates (those not given) are copied
 * out once and freed. `Run` is called on the JavaScript thread, as the Node
 * binding does: ORT allocates its intermediates on the calling thread, and a
 * run on a new pool thread each time made glibc open a malloc arena per
 * thread (a full-size training step's peak memory grew by 0.25 GB a step).
 *
 * @module
 */

import type { DType, TensorData } from "../onnx/graph.ts";
import { dtypeOfOnnxCode, dtypeSize, onnxTypeCode } from "../onnx/graph.ts";
import { product } from "../onnx/_builder_support.ts";
import {
  type CApi,
  cString,
  GRAPH_OPTIMIZATION,
  type NativePointer,
  outSlot,
  pointerOf,
  pointerSlots,
} from "./ort_c_api.ts";
import { type IoMetadata, UnreadableOutputError } from "./feed_check.ts";
import type { Tensor } from "./tensor.ts";

/** Settings of a C-API session (the CPU provider only). */
export interface CApiSessionOptions {
  /** Intra-op threads (0 lets ORT decide). */
  intraOpThreads: number;
  /** Graph optimisation level. */
  graphOptimization: keyof typeof GRAPH_OPTIMIZATION;
  /** ORT's memory pattern. */
  enableMemPattern: boolean;
  /** ORT's CPU memory arena. */
  enableCpuMemArena: boolean;
  /** Sequential or parallel execution of independent nodes. */
  executionMode: "sequential" | "parallel";
  /** Profile every run into `<prefix>_<date>.json` (see `endProfiling`). */
  profileFilePrefix?: string;
  /** Session configuration entries (`onnxruntime_session_options_config_keys.h`). */
  configEntries?: Readonly<Record<string, string>>;
}

/** A model loaded through the C API; `run` does no checking of its own (the caller validates). */
export interface CApiSession {
  /** Inputs, in model order. */
  readonly inputMetadata: readonly IoMetadata[];
  /** Outputs, in model order. */
  readonly outputMetadata: readonly IoMetadata[];
  /** Runs the model: every output is returned, the given ones as given (written in place). */
  run(
    feeds: Record<string, Tensor>,
    given: Record<string, Tensor>,
  ): Promise<Record<string, Tensor>>;
  /** Ends profiling; returns the trace file's path. */
  endProfiling(): string;
  /** Frees the native session. */
  release(): void;
}

const ARRAYS: Partial<Record<DType, (n: number) => TensorData>> = {
  float32: (n) => new Float32Array(n),
  float64: (n) => new Float64Array(n),
  int32: (n) => new Int32Array(n),
  int64: (n) => new BigInt64Array(n),
  int8: (n) => new Int8Array(n),
  bool: (n) => new Uint8Array(n),
};

/**
 * Loads ONNX bytes into a C-API session on the CPU.
 *
 * @param api the loaded C API
 * @param model the ONNX bytes
 * @param options threads, optimisation, memory settings, profiling
 * @returns the session
 * @throws {Error} with ORT's message when the model cannot be loaded
 * @example Usage
 * ```ts ignore
 * const api = loadCApi();
 * if (!(api instanceof Error)) {
 *   const s = openCApiSession(api, bytes, { intraOpThreads: 0, graphOptimization: "all",
 *     enableMemPattern: true, enableCpuMemArena: true, executionMode: "sequential" });
 *   const out = await s.run({ x }, { y: preallocatedY });
 * }
 * ```
 */
export function openCApiSession(
  api: CApi,
  model: Uint8Array,
  options: CApiSessionOptions,
): CApiSession {
  const { fn, check } = api;
  const { slot: out, take } = outSlot();
  check(fn.CreateSessionOptions.call(out), "CreateSessionOptions");
  const so = take();
  let session: NativePointer;
  try {
    check(fn.SetIntraOpNumThreads.call(so, options.intraOpThreads), "SetIntraOpNumThreads");
    check(
      fn.SetSessionGraphOptimizationLevel.call(so, GRAPH_OPTIMIZATION[options.graphOptimization]),
      "SetSessionGraphOptimizationLevel",
    );
    check(
      (options.enableMemPattern ? fn.EnableMemPattern : fn.DisableMemPattern).call(so),
      "memory pattern",
    );
    check(
      (options.enableCpuMemArena ? fn.EnableCpuMemArena : fn.DisableCpuMemArena).call(so),
      "CPU arena",
    );
    check(
      fn.SetSessionExecutionMode.call(so, options.executionMode === "parallel" ? 1 : 0),
      "SetSessionExecutionMode",
    );
    check(fn.SetSessionLogSeverityLevel.call(so, 4), "SetSessionLogSeverityLevel");
    if (options.profileFilePrefix) {
      check(fn.EnableProfiling.call(so, cString(options.profileFilePrefix)), "EnableProfiling");
    }
    for (const [key, value] of Object.entries(options.configEntries ?? {})) {
      check(fn.AddSessionConfigEntry.call(so, cString(key), cString(value)), `config ${key}`);
    }
    // the bytes are only read during the call (ORT keeps its own copy of what it needs)
    const bytes = model.buffer instanceof ArrayBuffer
      ? model as Uint8Array<ArrayBuffer>
      : model.slice();
    check(
      fn.CreateSessionFromArray.call(api.env, bytes, BigInt(bytes.byteLength), so, out),
      "Cannot load the model",
    );
    session = take();
  } finally {
    fn.ReleaseSessionOptions.call(so);
  }
  const inputMetadata = describeIo(api, session, "input");
  const outputMetadata = describeIo(api, session, "output");
  const inputNames = new Map(inputMetadata.map((m) => [m.name, cString(m.name)]));
  const outputNames = cStrings(outputMetadata.map((m) => m.name));
  let released = false;

  const tensorValue = (t: Tensor): NativePointer => {
    const data = t.data.byteLength > 0 ? t.data : new Uint8Array(new ArrayBuffer(8));
    const dims = new BigInt64Array(new ArrayBuffer(8 * Math.max(t.dims.length, 1)));
    t.dims.forEach((d, i) => dims[i] = BigInt(d));
    check(
      fn.CreateTensorWithDataAsOrtValue.call(
        api.cpuMemory,
        pointerOf(data),
        BigInt(t.data.byteLength),
        dims,
        BigInt(dims.length),
        onnxTypeCode(t.dtype),
        out,
      ),
      "Cannot wrap a tensor",
    );
    return take();
  };

  const runNow = (feeds: Record<string, Tensor>, given: Record<string, Tensor>) => {
    if (released) throw new Error("The session was released");
    const names: Deno.PointerValue[] = [];
    const inputs: NativePointer[] = [];
    const outputs = pointerSlots(outputMetadata.length);
    try {
      for (const [name, t] of Object.entries(feeds)) {
        const cName = inputNames.get(name);
        if (!cName) throw new Error(`"${name}" is not an input of the model`);
        names.push(pointerOf(cName));
        inputs.push(tensorValue(t));
      }
      outputMetadata.forEach((m, i) => {
        const t = given[m.name];
        if (t) outputs[i] = BigInt(Deno.UnsafePointer.value(tensorValue(t)));
      });
      const inputNamePointers = pointerArray(names);
      const inputPointers = pointerArray(inputs);
      const status = fn.Run.call(
        session,
        null,
        inputNamePointers,
        inputPointers,
        BigInt(inputs.length),
        outputNames.pointers,
        BigInt(outputMetadata.length),
        outputs,
      );
      check(status, "Run");
      const result: Record<string, Tensor> = {};
      outputMetadata.forEach((m, i) => {
        result[m.name] = given[m.name] ??
          copyOut(api, Deno.UnsafePointer.create(outputs[i]!)!, m.name);
      });
      return result;
    } finally {
      for (const v of inputs) fn.ReleaseValue.call(v);
      for (const v of outputs) if (v !== 0n) fn.ReleaseValue.call(Deno.UnsafePointer.create(v));
    }
  };

  return {
    inputMetadata,
    outputMetadata,
    run(feeds, given) {
      try {
        return Promise.resolve(runNow(feeds, given));
      } catch (e) {
        return Promise.reject(e);
      }
    },
    endProfiling() {
      check(fn.SessionEndProfiling.call(session, api.allocator, out), "SessionEndProfiling");
      return ownedString(api, take());
    },
    release() {
      if (released) return;
      released = true;
      fn.ReleaseSession.call(session);
    },
  };
}

/**
 * NUL-terminated copies of `strings` and the C array of their addresses. The
 * copies are held by the same object, so they live as long as whoever keeps
 * the pointers (a buffer nothing references would be collected while ORT
 * still reads it).
 */
function cStrings(
  strings: readonly string[],
): { pointers: BigUint64Array<ArrayBuffer>; buffers: Uint8Array[] } {
  const buffers = strings.map(cString);
  return { pointers: pointerArray(buffers.map((b) => pointerOf(b))), buffers };
}

/** A C array of pointers (uint64 on the 64-bit platforms Deno's FFI runs on). */
function pointerArray(ptrs: readonly Deno.PointerValue[]): BigUint64Array<ArrayBuffer> {
  const slots = pointerSlots(ptrs.length);
  ptrs.forEach((p, i) => slots[i] = BigInt(Deno.UnsafePointer.value(p)));
  return slots;
}

/** Reads a string ORT allocated with the default allocator, then frees it. */
function ownedString(api: CApi, p: NativePointer): string {
  try {
    return new Deno.UnsafePointerView(p).getCString();
  } finally {
    api.check(api.fn.AllocatorFree.call(api.allocator, p), "AllocatorFree");
  }
}

/** Element type and dimensions of an `OrtTensorTypeAndShapeInfo`. */
function typeAndShape(api: CApi, info: NativePointer): { code: number; dims: number[] } {
  const code = new Int32Array(new ArrayBuffer(4));
  api.check(api.fn.GetTensorElementType.call(info, code), "GetTensorElementType");
  const count = pointerSlots(1);
  api.check(api.fn.GetDimensionsCount.call(info, count), "GetDimensionsCount");
  const dims = new BigInt64Array(
    new ArrayBuffer(8 * Math.max(Number(count[0]), 1)),
    0,
    Number(count[0]),
  );
  api.check(api.fn.GetDimensions.call(info, dims, BigInt(dims.length)), "GetDimensions");
  return { code: code[0]!, dims: [...dims].map(Number) };
}

function describeIo(api: CApi, session: NativePointer, kind: "input" | "output"): IoMetadata[] {
  const { fn, check } = api;
  const { slot: out, take } = outSlot();
  const count = pointerSlots(1);
  check(
    (kind === "input" ? fn.SessionGetInputCount : fn.SessionGetOutputCount).call(session, count),
    `${kind} count`,
  );
  const list: IoMetadata[] = [];
  for (let i = 0; i < Number(count[0]); i++) {
    check(
      (kind === "input" ? fn.SessionGetInputName : fn.SessionGetOutputName)
        .call(session, BigInt(i), api.allocator, out),
      `${kind} name`,
    );
    const name = ownedString(api, take());
    check(
      (kind === "input" ? fn.SessionGetInputTypeInfo : fn.SessionGetOutputTypeInfo)
        .call(session, BigInt(i), out),
      `${kind} type`,
    );
    const typeInfo = take();
    try {
      check(fn.CastTypeInfoToTensorInfo.call(typeInfo, out), "CastTypeInfoToTensorInfo");
      if (out[0] === 0n) list.push({ name, isTensor: false });
      else {
        const { code, dims } = typeAndShape(api, take());
        list.push({
          name,
          isTensor: true,
          type: dtypeOfOnnxCode(code) ?? `onnx type ${code}`,
          shape: dims,
        });
      }
    } finally {
      fn.ReleaseTypeInfo.call(typeInfo);
    }
  }
  return list;
}

/** Copies an output ORT allocated into a new typed array. */
function copyOut(api: CApi, value: NativePointer, name: string): Tensor {
  const { slot: out, take } = outSlot();
  api.check(api.fn.GetTensorTypeAndShape.call(value, out), "GetTensorTypeAndShape");
  const info = take();
  let shape: { code: number; dims: number[] };
  try {
    shape = typeAndShape(api, info);
  } finally {
    api.fn.ReleaseTensorTypeAndShapeInfo.call(info);
  }
  const { code, dims } = shape;
  const dtype = dtypeOfOnnxCode(code);
  const make = dtype ? ARRAYS[dtype] : undefined;
  if (!dtype || !make) {
    throw new UnreadableOutputError(name, `its ONNX type ${code}`);
  }
  const data = make(product(dims));
  const bytes = data.length * dtypeSize(dtype);
  if (bytes > 0) {
    api.check(api.fn.GetTensorMutableData.call(value, out), "GetTensorMutableData");
    new Deno.UnsafePointerView(take())
      .copyInto(new Uint8Array(data.buffer as ArrayBuffer, 0, bytes));
  }
  return { dtype, dims, data };
}
