/**
 * Helper threads for the AdamW SIMD loop (`_adam_w_simd.ts`): each runs the
 * same WebAssembly module on the same shared memory, so one update (or one
 * gradient-norm sum) is split into contiguous ranges, one per thread, and
 * every element is still computed by the same f32 operations (the update is
 * bit for bit the single-threaded one; the norm's float64 sum is added in a
 * fixed order of ranges). A step moves 28 bytes per parameter: one core
 * does not saturate the memory bus, and while AdamW runs ONNX Runtime's
 * threads are idle; measured here, two threads took a full-size Chronos-2
 * update from about 0.32 to 0.17 s.
 *
 * The main thread hands out work and waits through `Atomics` on a small
 * control block per helper (no messages, no event loop: the update stays
 * synchronous). A helper that has not started yet simply gets no range; the
 * main thread does that range itself. Helpers are unref'd: they never keep
 * the process alive.
 *
 * @module
 */

import { Worker } from "node:worker_threads";

/** Arguments block: [0] op (0 update, 1 sumsq, 2 stop), [1..13] the call's arguments, [15] result. */
const ARGS = 16;
/** Control block: [0] job sequence (main), [1] finished sequence (helper), [2] ready flag. */
const CTL = 4;

const HELPER_SOURCE = `
const { workerData } = require("node:worker_threads");
const { kernel, memory, ctl, args } = workerData;
const inst = new WebAssembly.Instance(kernel, { env: { mem: memory } });
const c = new Int32Array(ctl);
const a = new Float64Array(args);
const { update, sumsq } = inst.exports;
Atomics.store(c, 2, 1);
let seen = 0;
for (;;) {
  Atomics.wait(c, 0, seen);
  seen = Atomics.load(c, 0);
  if (a[0] === 0) update(a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13]);
  else if (a[0] === 1) a[15] = sumsq(a[1], a[2]);
  else break;
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

/** Helper threads bound to one shared memory. */
export interface AdamWHelpers {
  /** Threads in all, the calling one included. */
  readonly threads: number;
  /**
   * Runs `update` over `bytes` (a multiple of 16) from the byte offsets of
   * `p, g, m, v`, split across the threads; `own` runs the calling thread's
   * ranges with the same argument list.
   */
  update(
    own: (p: number, g: number, m: number, v: number, bytes: number, ...s: number[]) => void,
    offsets: readonly [number, number, number, number],
    bytes: number,
    scalars: readonly number[],
  ): void;
  /** Σ g² over `bytes` from offset `g`, split the same way; `own` is the caller's `sumsq`. */
  sumsq(own: (g: number, bytes: number) => number, g: number, bytes: number): number;
  /** Stops the threads. */
  close(): void;
}

/** Byte ranges [start, end) of `bytes` for `parts` threads, on 16-byte (v128) boundaries. */
function ranges(bytes: number, parts: number): [number, number][] {
  const step = Math.ceil(bytes / 16 / parts) * 16;
  return Array.from({ length: parts }, (_, i) => [
    Math.min(i * step, bytes),
    Math.min((i + 1) * step, bytes),
  ]);
}

/**
 * Starts `count` helper threads on `module` (whose memory is imported as
 * `env.mem`) over `memory`.
 *
 * @param module the compiled kernel module (shared-memory variant)
 * @param memory the shared memory holding the buffers
 * @param count helper threads (the calling thread comes on top)
 * @returns the helpers, or null when threads cannot be started here
 */
export function startAdamWHelpers(
  module: WebAssembly.Module,
  memory: WebAssembly.Memory,
  count: number,
): AdamWHelpers | null {
  const helpers: Helper[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const ctl = new Int32Array(new SharedArrayBuffer(4 * CTL));
      const args = new Float64Array(new SharedArrayBuffer(8 * ARGS));
      const worker = new Worker(HELPER_SOURCE, {
        eval: true,
        workerData: { kernel: module, memory, ctl: ctl.buffer, args: args.buffer },
      });
      worker.unref();
      helpers.push({ worker, ctl, args, seq: 0 });
    }
  } catch {
    for (const h of helpers) void h.worker.terminate();
    return null;
  }
  /** Dispatches one range per ready helper; returns the helpers used and the caller's ranges. */
  const dispatch = (
    bytes: number,
    set: (h: Helper, start: number, end: number) => void,
  ): { used: Helper[]; mine: [number, number][] } => {
    const parts = ranges(bytes, helpers.length + 1);
    const mine: [number, number][] = [parts[0]!];
    const used: Helper[] = [];
    helpers.forEach((h, i) => {
      const [start, end] = parts[i + 1]!;
      if (end <= start) return;
      if (Atomics.load(h.ctl, 2) !== 1) {
        mine.push([start, end]); // not started yet: done here
        return;
      }
      set(h, start, end);
      h.seq++;
      Atomics.store(h.ctl, 0, h.seq);
      Atomics.notify(h.ctl, 0);
      used.push(h);
    });
    return { used, mine };
  };
  const wait = (h: Helper) => {
    for (let done = Atomics.load(h.ctl, 1); done !== h.seq; done = Atomics.load(h.ctl, 1)) {
      Atomics.wait(h.ctl, 1, done);
    }
  };
  return {
    threads: helpers.length + 1,
    update(own, offsets, bytes, scalars) {
      const { used, mine } = dispatch(bytes, (h, start, end) => {
        h.args[0] = 0;
        offsets.forEach((o, k) => (h.args[1 + k] = o + start));
        h.args[5] = end - start;
        scalars.forEach((s, k) => (h.args[6 + k] = s));
      });
      for (const [start, end] of mine) {
        const [p, g, m, v] = offsets.map((o) => o + start) as [number, number, number, number];
        if (end > start) own(p, g, m, v, end - start, ...scalars);
      }
      used.forEach(wait);
    },
    sumsq(own, g, bytes) {
      const { used, mine } = dispatch(bytes, (h, start, end) => {
        h.args[0] = 1;
        h.args[1] = g + start;
        h.args[2] = end - start;
      });
      let sum = 0;
      for (const [start, end] of mine) if (end > start) sum += own(g + start, end - start);
      used.forEach(wait);
      for (const h of used) sum += h.args[15]!;
      return sum;
    },
    close() {
      for (const h of helpers) {
        h.args[0] = 2;
        h.seq++;
        Atomics.store(h.ctl, 0, h.seq);
        Atomics.notify(h.ctl, 0);
        void h.worker.terminate();
      }
    },
  };
}
