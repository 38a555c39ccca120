import {
  assertEquals,
  assertRejects,
  assertStrictEquals,
  assertThrows,
} from "../_helpers/assert.ts";
import { ignore } from "../_helpers/gpu.ts";
import {
  type WindowBatch,
  windowGatherCpu,
  windowGatherGpu,
  type WindowGatherInput,
} from "../../kernels/window_gather.ts";
import { WINDOW_GATHER_WORKGROUP_SIZE as WG } from "../../kernels/window_gather.ts";
import { getGpuContext, releaseGpuContext } from "../../lib/gpu/device.ts";
import { ShapeError } from "../../lib/errors.ts";
import { seededRandom } from "../_helpers/random.ts";

const N = NaN;

/** Element-by-element reference written from the definition, independent of both paths. */
function naive(input: WindowGatherInput): WindowBatch {
  const R = input.series.length;
  const T = input.series[0]!.length;
  const L = input.contextLength;
  const H = input.predictionLength;
  const B = input.origins.length;
  const out: WindowBatch = {
    rowsPerWindow: R,
    context: new Float32Array(B * R * L),
    future: new Float32Array(B * R * H),
    target: new Float32Array(B * H),
    groupIds: new Int32Array(B * R),
  };
  for (let b = 0; b < B; b++) {
    const o = input.origins[b]!;
    for (let r = 0; r < R; r++) {
      const row = input.series[r]!;
      for (let j = 0; j < L; j++) {
        const t = o - L + j;
        // Copy through a bit view so NaN payloads survive, as the kernels promise.
        bitsOf(out.context)[(b * R + r) * L + j] = t >= 0 ? bitsOf(row)[t]! : 0x7fc00000;
      }
      for (let h = 0; h < H; h++) {
        const t = o + h;
        const known = input.futureKnown?.[r] ?? false;
        bitsOf(out.future)[(b * R + r) * H + h] = known && t < T ? bitsOf(row)[t]! : 0x7fc00000;
      }
      out.groupIds[b * R + r] = b;
    }
    for (let h = 0; h < H; h++) {
      const t = o + h;
      bitsOf(out.target)[b * H + h] = t < T ? bitsOf(input.series[0]!)[t]! : 0x7fc00000;
    }
  }
  return out;
}

function bitsOf(a: Float32Array): Uint32Array {
  return new Uint32Array(a.buffer, a.byteOffset, a.length);
}

/** Exact equality, bit for bit (NaN payloads and signed zeros included). */
function assertSameBatch(actual: WindowBatch, expected: WindowBatch, label: string): void {
  assertStrictEquals(actual.rowsPerWindow, expected.rowsPerWindow, `${label}: rows`);
  assertEquals(bitsOf(actual.context), bitsOf(expected.context), `${label}: context`);
  assertEquals(bitsOf(actual.future), bitsOf(expected.future), `${label}: future`);
  assertEquals(bitsOf(actual.target), bitsOf(expected.target), `${label}: target`);
  assertEquals(actual.groupIds, expected.groupIds, `${label}: groupIds`);
}

/** Deterministic pseudo-random numbers (mulberry32). */

function randomInput(
  seed: number,
  o: { rows: number; length: number; L: number; H: number; B: number; nanShare?: number },
): WindowGatherInput {
  const rand = seededRandom(seed);
  const series = Array.from({ length: o.rows }, () => {
    const row = new Float32Array(o.length);
    for (let t = 0; t < o.length; t++) {
      row[t] = rand() < (o.nanShare ?? 0) ? NaN : (rand() - 0.5) * 1000;
    }
    return row;
  });
  const origins = Array.from({ length: o.B }, () => Math.floor(rand() * (o.length + 1)));
  const futureKnown = Array.from({ length: o.rows }, (_, r) => r > 0 && rand() < 0.5);
  return { series, origins, contextLength: o.L, predictionLength: o.H, futureKnown };
}

Deno.test("windowGatherCpu() cuts hand-computed windows", () => {
  const batch = windowGatherCpu({
    series: [new Float32Array([1, 2, 3, 4, 5]), new Float32Array([10, 20, 30, 40, 50])],
    origins: [1, 4, 0, 5],
    contextLength: 2,
    predictionLength: 2,
    futureKnown: [false, true],
  });
  assertStrictEquals(batch.rowsPerWindow, 2);
  assertEquals(
    [...batch.context],
    [N, 1, N, 10, 3, 4, 30, 40, N, N, N, N, 4, 5, 40, 50],
  );
  assertEquals([...batch.future], [N, N, 20, 30, N, N, 50, N, N, N, 10, 20, N, N, N, N]);
  assertEquals([...batch.target], [2, 3, 5, N, 1, 2, N, N]);
  assertEquals([...batch.groupIds], [0, 0, 1, 1, 2, 2, 3, 3]);
});

Deno.test("windowGatherCpu() matches the element-wise definition on random inputs", () => {
  for (
    const [seed, shape] of [
      [1, { rows: 1, length: 50, L: 7, H: 3, B: 20 }],
      [2, { rows: 4, length: 30, L: 40, H: 9, B: 33, nanShare: 0.2 }],
      [3, { rows: 3, length: 1, L: 1, H: 1, B: 5 }],
    ] as const
  ) {
    const input = randomInput(seed, shape);
    assertSameBatch(windowGatherCpu(input), naive(input), `seed ${seed}`);
  }
});

Deno.test("windowGatherCpu() rejects bad inputs with typed errors", () => {
  const row = new Float32Array(4);
  const base = { series: [row], origins: [2], contextLength: 2, predictionLength: 1 };
  assertThrows(() => windowGatherCpu({ ...base, series: [] }), TypeError);
  assertThrows(() => windowGatherCpu({ ...base, series: [row, new Float32Array(3)] }), ShapeError);
  assertThrows(() => windowGatherCpu({ ...base, origins: [5] }), RangeError);
  assertThrows(() => windowGatherCpu({ ...base, origins: [-1] }), RangeError);
  assertThrows(() => windowGatherCpu({ ...base, origins: [1.5] }), RangeError);
  assertThrows(() => windowGatherCpu({ ...base, contextLength: 0 }), RangeError);
  assertThrows(() => windowGatherCpu({ ...base, predictionLength: 0.5 }), RangeError);
  assertThrows(() => windowGatherCpu({ ...base, futureKnown: [false, true] }), ShapeError);
});

Deno.test({
  name: "windowGatherGpu() equals the CPU path bit for bit, edge sizes included",
  ignore,
  fn: async () => {
    const ctx = await getGpuContext();
    try {
      const cases: [string, WindowGatherInput][] = [
        ["no windows", randomInput(10, { rows: 2, length: 20, L: 4, H: 2, B: 0 })],
        ["one window", randomInput(11, { rows: 1, length: 20, L: 4, H: 2, B: 1 })],
        ["threads = WG - 1", randomInput(12, { rows: 1, length: 300, L: WG - 56, H: 55, B: 1 })],
        ["threads = WG", randomInput(13, { rows: 1, length: 300, L: WG - 56, H: 56, B: 1 })],
        ["threads = WG + 1", randomInput(14, { rows: 1, length: 300, L: WG - 56, H: 57, B: 1 })],
        ["windows = WG + 1", randomInput(15, { rows: 3, length: 100, L: 5, H: 3, B: WG + 1 })],
        ["windows = WG - 1", randomInput(16, { rows: 2, length: 100, L: 16, H: 8, B: WG - 1 })],
        ["T = 1", randomInput(17, { rows: 2, length: 1, L: 3, H: 2, B: 4 })],
        ["NaN-rich", randomInput(18, { rows: 4, length: 200, L: 64, H: 24, B: 77, nanShare: 0.3 })],
      ];
      for (const [label, input] of cases) {
        const gpu = await windowGatherGpu(ctx, input);
        assertSameBatch(gpu, naive(input), label);
        assertSameBatch(gpu, windowGatherCpu(input), label);
      }
    } finally {
      await releaseGpuContext();
    }
  },
});

Deno.test({
  name: "windowGatherGpu() keeps NaN payloads, signed zeros and both series ends",
  ignore,
  fn: async () => {
    const ctx = await getGpuContext();
    try {
      const row = new Float32Array(8);
      const bits = new Uint32Array(row.buffer);
      bits.set([0x7fc00001, 0xffc00000, 0x80000000, 0x3f800000, 0x7f800000, 0xff800000, 0, 1]);
      const input: WindowGatherInput = {
        series: [row, row.slice()],
        origins: [0, 3, 8],
        contextLength: 5,
        predictionLength: 6,
        futureKnown: [false, true],
      };
      assertSameBatch(await windowGatherGpu(ctx, input), naive(input), "special values");
    } finally {
      await releaseGpuContext();
    }
  },
});

Deno.test({
  name: "windowGatherGpu() splits over windows and rows when bindings are too small",
  ignore,
  fn: async () => {
    const ctx = await getGpuContext();
    try {
      const input = randomInput(20, { rows: 5, length: 64, L: 12, H: 4, B: 50, nanShare: 0.1 });
      // 3 windows × 5 rows × 12 steps × 4 B = 720 B per context chunk: many window chunks.
      assertSameBatch(
        await windowGatherGpu(ctx, input, { maxBindingBytes: 720 }),
        naive(input),
        "window split",
      );
      // 2 rows × 64 × 4 B = 512 B: the series is uploaded two rows at a time.
      assertSameBatch(
        await windowGatherGpu(ctx, input, { maxBindingBytes: 512 }),
        naive(input),
        "row split",
      );
      await assertRejects(
        () => windowGatherGpu(ctx, input, { maxBindingBytes: 100 }),
        RangeError,
      );
    } finally {
      await releaseGpuContext();
    }
  },
});
