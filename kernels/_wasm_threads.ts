/**
 * Helper threads for the WebAssembly SIMD kernels (the AdamW loop, the
 * dropout masks): each helper instantiates the same module on the same
 * shared memory and runs, on request, one of its exports with the arguments
 * it is handed. The caller splits a job into parts, one per thread, runs
 * part 0 itself and waits; every element is still computed by the same f32
 * operations as on one thread, and results come back in part order (a sum
 * over parts is added in a fixed order). A step of AdamW moves 28 bytes per
 * parameter: one core does not saturate the memory bus, and while these
 * kernels run ONNX Runtime's threads are idle; measured here, two threads
 * took a full-size Chronos-2 update from about 0.32 to 0.17 s.
 *
 * The main thread hands out work and waits through `Atomics` on a small
 * control block per helper (no messages, no event loop: the kernels stay
 * synchronous). A helper that has not started yet simply gets no part; the
 * main thread runs that part itself. Helpers are unref'd: they never keep
 * the process alive.
 *
 * @module
 */

import { Worker } from "node:worker_threads";

/** Arguments block: [0] export index (-1 stop), [1] argument count, [2..14] arguments, [15] result. */
const ARGS = 16;
/** Arguments a call may take. */
const MAX_ARGS = 13;
/** Control block: [0] job sequence (main), [1] finished sequence (helper), [2] ready flag. */
const CTL = 4;

const HELPER_SOURCE = `
const { workerData } = require("node:worker_threads");
const { kernel, memory, ctl, args, names } = workerData;
const inst = new WebAssembly.Instance(kernel, { env: { mem: memory } });
const fns = names.map((n) => inst.exports[n]);
const c = new Int32Array(ctl);
const a = new Float64Array(args);
Atomics.store(c, 2, 1);
let seen = 0;
for (;;) {
  Atomics.wait(c, 0, seen);
  seen = Atomics.load(c, 0);
  if (a[0] < 0) break;
  a[15] = fns[a[0]](...a.subarray(2, 2 + a[1])) ?? 0;
  Atomics.store(c, 1, seen);
  Atomics.notify(c, 1);
}
`;

interface Helper {
  worker: Worker;
  ctl: Int32Array<SharedArrayBuffer>;
  args: Float64Array<SharedArrayBuffer>;
  seq: number;
}

/** Helper threads bound to one module and one shared memory. */
export interface WasmHelpers {
  /** Threads in all, the calling one included: the parts of a job. */
  readonly threads: number;
  /**
   * Runs export `fn` (its index in the names given at start) once per part:
   * part 0, and the part of any helper not started yet, on the calling
   * thread through `own`; the others on the helpers. A `null` part has
   * nothing to do.
   *
   * @param fn index of the export
   * @param parts one argument list per thread (numbers, at most 13)
   * @param own the calling thread's instance of the same export
   * @returns each part's result (0 for none), in part order
   */
  run(
    fn: number,
    parts: readonly (readonly number[] | null)[],
    own: (...args: number[]) => number | void,
  ): number[];
  /** Stops the threads. */
  close(): void;
}

/**
 * Byte ranges `[start, end)` of `bytes` for `parts` threads, on 16-byte
 * (v128) boundaries; trailing ranges may be empty.
 *
 * @param bytes the length to split (a multiple of 16)
 * @param parts the threads
 * @returns one range per thread
 */
export function byteRanges(bytes: number, parts: number): [number, number][] {
  const step = Math.ceil(bytes / 16 / parts) * 16;
  return Array.from({ length: parts }, (_, i) => [
    Math.min(i * step, bytes),
    Math.min((i + 1) * step, bytes),
  ]);
}

/**
 * Starts `count` helper threads on `module` (whose memory is imported as
 * `env.mem`) over `memory`, able to run the exports named `names`.
 *
 * @param module the compiled kernel module (importing a shared memory)
 * @param memory the shared memory holding the buffers
 * @param names the exports a job may run, by index
 * @param count helper threads (the calling thread comes on top)
 * @returns the helpers, or null when threads cannot be started here
 */
export function startWasmHelpers(
  module: WebAssembly.Module,
  memory: WebAssembly.Memory,
  names: readonly string[],
  count: number,
): WasmHelpers | null {
  const helpers: Helper[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const ctl = new Int32Array(new SharedArrayBuffer(4 * CTL));
      const args = new Float64Array(new SharedArrayBuffer(8 * ARGS));
      const worker = new Worker(HELPER_SOURCE, {
        eval: true,
        workerData: { kernel: module, memory, ctl: ctl.buffer, args: args.buffer, names },
      });
      worker.unref();
      helpers.push({ worker, ctl, args, seq: 0 });
    }
  } catch {
    for (const h of helpers) void h.worker.terminate();
    return null;
  }
  const signal = (h: Helper) => {
    h.seq++;
    Atomics.store(h.ctl, 0, h.seq);
    Atomics.notify(h.ctl, 0);
  };
  const wait = (h: Helper) => {
    for (let done = Atomics.load(h.ctl, 1); done !== h.seq; done = Atomics.load(h.ctl, 1)) {
      Atomics.wait(h.ctl, 1, done);
    }
  };
  return {
    threads: helpers.length + 1,
    run(fn, parts, own) {
      const results = parts.map(() => 0);
      const used: [Helper, number][] = [];
      const mine: number[] = [0];
      helpers.forEach((h, i) => {
        const args = parts[i + 1];
        if (!args) return;
        if (args.length > MAX_ARGS) throw new RangeError(`At most ${MAX_ARGS} arguments`);
        if (Atomics.load(h.ctl, 2) !== 1) {
          mine.push(i + 1); // not started yet: done here
          return;
        }
        h.args[0] = fn;
        h.args[1] = args.length;
        h.args.set(args, 2);
        signal(h);
        used.push([h, i + 1]);
      });
      for (const k of mine) {
        const args = parts[k];
        if (args) results[k] = own(...args) ?? 0;
      }
      for (const [h, k] of used) {
        wait(h);
        results[k] = h.args[15]!;
      }
      return results;
    },
    close() {
      for (const h of helpers) {
        h.args[0] = -1;
        signal(h);
        void h.worker.terminate();
      }
    },
  };
}
