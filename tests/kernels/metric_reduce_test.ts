import {
  assertEquals,
  assertRejects,
  assertStrictEquals,
  assertThrows,
} from "../_helpers/assert.ts";
import { assertClose } from "../_helpers/assert_close.ts";
import { ignore } from "../_helpers/gpu.ts";
import {
  METRIC_REDUCE_ITEMS_PER_THREAD,
  METRIC_REDUCE_WORKGROUP_SIZE as WG,
  metricReduceCpu,
  metricReduceGpu,
  type MetricReduceInput,
  metricsFromSums,
} from "../../kernels/metric_reduce.ts";
import { getGpuContext, releaseGpuContext } from "../../lib/gpu/device.ts";
import { ShapeError } from "../../lib/errors.ts";
import type { MetricSet } from "../../lib/results/schema.ts";
import { computeMetrics, type MetricInput } from "../_helpers/metrics_oracle/compute_metrics.ts";
import { seededRandom } from "../_helpers/random.ts";

const TILE = WG * METRIC_REDUCE_ITEMS_PER_THREAD;
const LEVELS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

/** Two-pass float64 metrics written from the textbook definitions (independent of the sums). */
function reference(input: MetricReduceInput): MetricSet {
  const levels = input.quantiles?.levels ?? [];
  const Q = levels.length;
  const vals = input.quantiles?.values;
  const idx: number[] = [];
  for (let i = 0; i < input.actual.length; i++) if (!Number.isNaN(input.actual[i]!)) idx.push(i);
  const n = idx.length;
  const y = (i: number) => input.actual[i]!;
  const p = (i: number) => input.point[i]!;
  const mean = idx.reduce((a, i) => a + y(i), 0) / n;
  const acc = { sse: 0, sae: 0, say: 0, sst: 0, ape: 0, nonzero: 0, sape: 0, covered: 0 };
  const pin = new Array<number>(Q).fill(0);
  for (const i of idx) {
    const e = y(i) - p(i);
    acc.sse += e * e;
    acc.sae += Math.abs(e);
    acc.say += Math.abs(y(i));
    acc.sst += (y(i) - mean) ** 2;
    if (y(i) !== 0) {
      acc.ape += Math.abs(e / y(i));
      acc.nonzero++;
    }
    const den = Math.abs(y(i)) + Math.abs(p(i));
    acc.sape += den === 0 ? 0 : 2 * Math.abs(e) / den;
    if (vals) {
      const lo = levels.indexOf(0.1);
      const hi = levels.indexOf(0.9);
      if (lo >= 0 && hi >= 0 && vals[i * Q + lo]! <= y(i) && y(i) <= vals[i * Q + hi]!) {
        acc.covered++;
      }
      for (let k = 0; k < Q; k++) {
        const u = y(i) - vals[i * Q + k]!;
        pin[k]! += Math.max(levels[k]! * u, (levels[k]! - 1) * u);
      }
    }
  }
  const out: MetricSet = {
    n,
    rmse: Math.sqrt(acc.sse / n),
    mae: acc.sae / n,
    r2: 1 - acc.sse / acc.sst,
    mape: 100 * acc.ape / acc.nonzero,
    mapeSkipped: n - acc.nonzero,
    wape: 100 * acc.sae / acc.say,
    smape: 100 * acc.sape / n,
    mase: input.maseScale ? acc.sae / n / input.maseScale : NaN,
    wql: Q ? pin.reduce((a, s) => a + 2 * s / acc.say, 0) / Q : NaN,
    coverage: Q ? acc.covered / n : NaN,
  };
  if (Q) out.pinball = Object.fromEntries(levels.map((l, k) => [String(l), pin[k]! / n]));
  return out;
}

function assertMetricsClose(actual: MetricSet, expected: MetricSet, rtol: number, label: string) {
  assertEquals(Object.keys(actual).sort(), Object.keys(expected).sort(), `${label}: keys`);
  for (const key of Object.keys(expected) as (keyof MetricSet)[]) {
    if (key === "pinball") {
      const a = actual.pinball!;
      const e = expected.pinball!;
      assertEquals(Object.keys(a), Object.keys(e), `${label}: pinball levels`);
      for (const l of Object.keys(e)) {
        assertClose(a[l]!, e[l]!, { rtol, atol: 0, label: `${label}: pinball ${l}` });
      }
    } else {
      assertClose(actual[key] as number, expected[key] as number, {
        rtol,
        atol: 0,
        label: `${label}: ${key}`,
      });
    }
  }
}

/** Steel-like load: daily shape, noise, some zeros and NaN gaps; forecasts near it. */
function randomInput(
  seed: number,
  n: number,
  opts: { quantiles?: boolean; nanShare?: number } = {},
) {
  const rand = seededRandom(seed);
  const actual = new Float32Array(n);
  const point = new Float32Array(n);
  const Q = opts.quantiles === false ? 0 : LEVELS.length;
  const values = new Float32Array(n * Q);
  for (let i = 0; i < n; i++) {
    const r = rand();
    const base = 30 + 25 * Math.sin(i / 15) + 10 * rand();
    actual[i] = r < (opts.nanShare ?? 0.01) ? NaN : r < 0.05 ? 0 : base;
    point[i] = base + 6 * (rand() - 0.5);
    for (let k = 0; k < Q; k++) values[i * Q + k] = point[i]! + (LEVELS[k]! - 0.5) * 12;
  }
  const input: MetricReduceInput = { actual, point, maseScale: 7.5 };
  if (Q) input.quantiles = { levels: LEVELS, values };
  return input;
}

Deno.test("metricReduceCpu() + metricsFromSums() give hand-computed metrics", () => {
  const sums = metricReduceCpu({
    actual: [2, 4, 0, NaN],
    point: [1, 5, 1, 3],
    quantiles: { levels: [0.1, 0.5, 0.9], values: [1, 2, 3, 3, 4, 5, 0.5, 1, 2, 9, 9, 9] },
    maseScale: 2,
  });
  assertStrictEquals(sums.count, 3);
  assertStrictEquals(sums.skipped, 1);
  const m = metricsFromSums(sums);
  const expected: MetricSet = {
    n: 3,
    rmse: 1,
    mae: 1,
    r2: 0.625,
    mape: 37.5,
    mapeSkipped: 1,
    wape: 50,
    smape: (100 * 26) / 27,
    mase: 0.5,
    wql: 3.1 / 18,
    coverage: 2 / 3,
    pinball: { "0.1": 0.65 / 3, "0.5": 0.5 / 3, "0.9": 0.4 / 3 },
  };
  assertMetricsClose(m, expected, 1e-12, "hand");
});

Deno.test("metricReduceCpu() handles point forecasts and refuses missing data", () => {
  const point = metricsFromSums(metricReduceCpu({ actual: [1, 3], point: [2, 2] }));
  assertStrictEquals(point.wql, NaN);
  assertStrictEquals(point.coverage, NaN);
  assertStrictEquals(point.mase, NaN);
  assertStrictEquals(point.pinball, undefined);
  const constant = metricsFromSums(metricReduceCpu({ actual: [0, 0], point: [1, 1] }));
  assertStrictEquals(constant.r2, NaN); // constant actuals
  assertStrictEquals(constant.mape, NaN); // every actual is 0
  assertStrictEquals(constant.wape, NaN);
  assertStrictEquals(constant.smape, 200);
  const empty = metricReduceCpu({ actual: [NaN], point: [1] });
  assertStrictEquals(empty.count, 0);
  assertThrows(() => metricsFromSums(empty), RangeError);
});

Deno.test("metricReduceCpu() rejects mismatched shapes and bad levels", () => {
  assertThrows(() => metricReduceCpu({ actual: [1, 2], point: [1] }), ShapeError);
  assertThrows(
    () => metricReduceCpu({ actual: [1], point: [1], quantiles: { levels: [0.5], values: [] } }),
    ShapeError,
  );
  assertThrows(
    () => metricReduceCpu({ actual: [1], point: [1], quantiles: { levels: [1], values: [1] } }),
    RangeError,
  );
  const q = { levels: [0.1, 0.5, 0.9], values: [0, 1, NaN] };
  assertThrows(() => metricReduceCpu({ actual: [1], point: [1], quantiles: q }), RangeError);
  assertThrows(() => metricReduceCpu({ actual: [1], point: [NaN] }), RangeError);
  // NaN forecasts next to NaN actuals are fine.
  assertStrictEquals(metricReduceCpu({ actual: [NaN], point: [NaN], quantiles: q }).skipped, 1);
  // The coverage interval must be two of the levels, lo < hi.
  const levels = { levels: [0.5], values: [1] };
  assertThrows(() => metricReduceCpu({ actual: [1], point: [1], quantiles: levels }), RangeError);
  assertThrows(
    () => metricReduceCpu({ actual: [1], point: [1], quantiles: q, interval: [0.9, 0.1] }),
    RangeError,
  );
});

Deno.test("metricReduceCpu() matches the two-pass float64 reference and computeMetrics()", () => {
  const input = randomInput(1, 20_000);
  const m = metricsFromSums(metricReduceCpu(input));
  assertMetricsClose(m, reference(input), 1e-10, "cpu vs two-pass");
  assertMetricsClose(m, computeMetrics(input as MetricInput), 1e-10, "cpu vs computeMetrics");
  const point = randomInput(3, 5000, { quantiles: false });
  const mp = metricsFromSums(metricReduceCpu(point));
  assertMetricsClose(mp, computeMetrics(point as MetricInput), 1e-10, "point vs computeMetrics");
});

Deno.test({
  name: "metricReduceGpu() matches float64 to 1e-6 relative on 10⁶ elements",
  ignore,
  fn: async () => {
    const ctx = await getGpuContext();
    try {
      const input = randomInput(2, 1_000_000);
      const gpu = metricsFromSums(await metricReduceGpu(ctx, input));
      assertMetricsClose(gpu, reference(input), 1e-6, "1e6 vs two-pass");
      assertMetricsClose(gpu, computeMetrics(input as MetricInput), 1e-6, "1e6 vs computeMetrics");
    } finally {
      await releaseGpuContext();
    }
  },
});

Deno.test({
  name: "metricReduceGpu() matches the CPU path on edge sizes and NaN patterns",
  ignore,
  fn: async () => {
    const ctx = await getGpuContext();
    try {
      const cases: [string, MetricReduceInput][] = [
        ["1 element", randomInput(10, 1, { nanShare: 0 })],
        ["WG - 1", randomInput(11, WG - 1)],
        ["WG", randomInput(12, WG)],
        ["WG + 1", randomInput(13, WG + 1)],
        ["tile - 1", randomInput(14, TILE - 1)],
        ["tile + 1", randomInput(15, TILE + 1)],
        ["3 tiles + 7, point only", randomInput(16, 3 * TILE + 7, { quantiles: false })],
        ["half NaN", randomInput(17, 5000, { nanShare: 0.5 })],
      ];
      for (const [label, input] of cases) {
        const gpu = await metricReduceGpu(ctx, input);
        const cpu = metricReduceCpu(input);
        assertStrictEquals(gpu.count, cpu.count, `${label}: count`);
        assertStrictEquals(gpu.skipped, cpu.skipped, `${label}: skipped`);
        assertStrictEquals(gpu.zeroActuals, cpu.zeroActuals, `${label}: zeros`);
        assertStrictEquals(gpu.covered, cpu.covered, `${label}: covered`);
        assertMetricsClose(metricsFromSums(gpu), metricsFromSums(cpu), 1e-6, label);
      }
      const empty = await metricReduceGpu(ctx, { actual: [], point: [] });
      assertStrictEquals(empty.count, 0);
      const allNaN = await metricReduceGpu(ctx, {
        actual: new Float32Array(300).fill(NaN),
        point: new Float32Array(300),
      });
      assertStrictEquals(allNaN.count, 0);
      assertStrictEquals(allNaN.skipped, 300);
      // Non-canonical NaN bit patterns are skipped too.
      const odd = new Float32Array([1, 2, 3]);
      new Uint32Array(odd.buffer).set([0x7fc00001, 0xffc00000, 0x7f800001], 0);
      const weird = await metricReduceGpu(ctx, { actual: odd, point: [0, 0, 0] });
      assertStrictEquals(weird.skipped, 3);
      // NaN forecasts where the actual is known are refused, as on the CPU.
      const q = { levels: [0.1, 0.5, 0.9], values: [0, 1, 2, 0, NaN, 2] };
      await assertRejects(
        () => metricReduceGpu(ctx, { actual: [1, 1], point: [1, 1], quantiles: q }),
        RangeError,
      );
      await assertRejects(
        () => metricReduceGpu(ctx, { actual: [1, 1], point: [1, NaN] }),
        RangeError,
      );
      const fine = await metricReduceGpu(ctx, { actual: [1, NaN], point: [1, 1], quantiles: q });
      assertStrictEquals(fine.count, 1);
    } finally {
      await releaseGpuContext();
    }
  },
});

Deno.test({
  name: "metricReduceGpu() gives the same sums when split over several dispatches",
  ignore,
  fn: async () => {
    const ctx = await getGpuContext();
    try {
      const input = randomInput(30, 4 * TILE + 123);
      // 2 tiles × 9 levels × 4 B per chunk of quantile values: at least 3 dispatches.
      const split = await metricReduceGpu(ctx, { ...input }, { maxBindingBytes: 2 * TILE * 9 * 4 });
      assertMetricsClose(metricsFromSums(split), reference(input), 1e-6, "split");
      const whole = await metricReduceGpu(ctx, input);
      assertStrictEquals(split.count, whole.count);
      assertMetricsClose(metricsFromSums(split), metricsFromSums(whole), 1e-6, "split vs whole");
    } finally {
      await releaseGpuContext();
    }
  },
});
