/**
 * fp32 against int8 and bf16 (issue 18), on the released architecture with
 * seeded random weights (bench/lib/evaluate/_full_size.ts) over windows of the
 * steel test split (context 512, 16 steps), and on the tiny fixture model over
 * the recorded parity cases:
 *
 * - accuracy: |q − q_fp32| over every quantile and step, relative to each
 *   forecast's fp32 10–90 % spread (mean over its steps); median and max;
 * - speed (full size): windows/s of `predictBatch` at batch 1, 32 and 256,
 *   the precisions alternating round by round so that load from other work
 *   spreads evenly; and the matrix products' GFLOP/s (FLOPs counted from the
 *   shapes: 2·rows·tokens·(13·D² per layer + heads' attention)).
 *
 * ```sh
 * deno run -A bench/models/chronos2/precision_compare.ts   # BENCH_ROUNDS=3 BENCH_WINDOWS=256
 * ```
 *
 * @module
 */

import { loadSteelData } from "../../../lib/datasets/steel.ts";
import { caseInputs, caseOptions } from "../../../models/chronos2/parity/cases.ts";
import {
  Chronos2Pipeline,
  createOnnxRunner,
  loadChronos2,
  type Precision,
} from "../../../models/chronos2/mod.ts";
import { FIXTURE_DIR, loadCase } from "../../../tests/_helpers/fixtures.ts";
import { quantizePerChannel } from "../../../models/chronos2/precision.ts";
import {
  dynamicQuantizeMatMul,
  GraphBuilder,
  matMul,
  serializeModel,
} from "../../../lib/onnx/mod.ts";
import { createSession } from "../../../lib/runtime/mod.ts";
import { fullSizeRandomWeights } from "../../lib/evaluate/_full_size.ts";

function say(line: string): void {
  // deno-lint-ignore no-console
  console.log(line);
}

const PRECISIONS: Precision[] = ["fp32", "int8", "bf16"];
const ROUNDS = Number(Deno.env.get("BENCH_ROUNDS") ?? 3);
const WINDOWS = Number(Deno.env.get("BENCH_WINDOWS") ?? 256);
const L = 512;
const H = 16;
const CSV = Deno.env.get("STEEL_CSV") ?? "/work/shared/data/Steel_industry_data.csv";

/** Median and max of |a − ref| / spread, per forecast of `q` quantiles × `h` steps. */
function relErrors(
  ref: Float32Array,
  got: Float32Array,
  q: number,
  h: number,
  lo: number,
  hi: number,
): number[] {
  const out: number[] = [];
  for (let r = 0; r < ref.length / (q * h); r++) {
    const base = r * q * h;
    let spread = 0;
    for (let t = 0; t < h; t++) spread += ref[base + hi * h + t]! - ref[base + lo * h + t]!;
    spread = Math.max(spread / h, 1e-12);
    for (let i = 0; i < q * h; i++) out.push(Math.abs(got[base + i]! - ref[base + i]!) / spread);
  }
  return out;
}

function summary(errs: number[]): string {
  const s = [...errs].sort((a, b) => a - b);
  const pct = (x: number) => `${(100 * x).toFixed(3)} %`;
  return `median ${pct(s[Math.floor(s.length / 2)]!)}, p90 ${
    pct(s[Math.floor(s.length * 0.9)]!)
  }, ` +
    `p99 ${pct(s[Math.floor(s.length * 0.99)]!)}, max ${pct(s[s.length - 1]!)}`;
}

// ---- tiny fixture model over the parity cases ----
// every forecasting case (the L* cases check training losses)
const CASES = [...Deno.readDirSync(`${FIXTURE_DIR}/cases`)]
  .map((e) => e.name.replace(/\.json$/, ""))
  .filter((n) => !n.startsWith("L"))
  .sort();
const tiny: Record<string, Chronos2Pipeline> = {};
for (const p of PRECISIONS) {
  tiny[p] = await loadChronos2(FIXTURE_DIR, { precision: p, useConvertedFiles: false });
}
const tinyErr: Record<string, number[]> = { int8: [], bf16: [] };
const qs = tiny.fp32!.config.chronos.quantiles;
const lo = qs.findIndex((x) => Math.abs(x - 0.1) < 1e-9);
const hi = qs.findIndex((x) => Math.abs(x - 0.9) < 1e-9);
const used: string[] = [];
const skipped: string[] = [];
for (const name of CASES) {
  const c = await loadCase(name);
  const api = (c.api ?? {}) as { kwargs?: Record<string, unknown> };
  const opts = caseOptions(api.kwargs ?? {});
  let ref;
  try {
    ref = await tiny.fp32!.predict(caseInputs(c), opts);
  } catch {
    skipped.push(name); // an input form only the parity harness reads (e.g. a DataFrame case)
    continue;
  }
  used.push(name);
  for (const p of ["int8", "bf16"] as const) {
    const got = await tiny[p]!.predict(caseInputs(c), opts);
    ref.forEach((t, i) => {
      const [, q, h] = t.shape as [number, number, number];
      tinyErr[p]!.push(...relErrors(t.data, got[i]!.data, q, h, lo, hi));
    });
  }
}
for (const p of PRECISIONS) await tiny[p]!.release();
say(
  `tiny fixture, ${used.length} parity cases (${used.join(", ")}; skipped ${
    skipped.join(", ") || "none"
  }), error vs fp32 / 10–90 % spread:`,
);
for (const p of ["int8", "bf16"]) say(`  ${p}: ${summary(tinyErr[p]!)}`);

// ---- full size over steel test windows ----
const { config, weights } = await fullSizeRandomWeights();
const target = (await loadSteelData(CSV)).target;
const testStart = Math.floor(target.length * 0.8);
const origins = Array.from(
  { length: WINDOWS },
  (_, i) => testStart + Math.floor((i * (target.length - H - testStart)) / WINDOWS),
);
function batchOf(from: number, rows: number) {
  const context = new Float32Array(rows * L);
  for (let r = 0; r < rows; r++) {
    const o = origins[(from + r) % origins.length]!;
    for (let t = 0; t < L; t++) context[r * L + t] = target[o - L + t]!;
  }
  return {
    context,
    rows,
    length: L,
    groupIds: Int32Array.from({ length: rows }, (_, i) => i),
    predictionLength: H,
  };
}
const full: Record<string, Chronos2Pipeline> = {};
for (const p of PRECISIONS) {
  const t0 = performance.now();
  const runner = createOnnxRunner(config, weights, { precision: p, executionProvider: "cpu" });
  full[p] = new Chronos2Pipeline(config, runner, { release: () => runner.release() });
  await full[p]!.predictBatch(batchOf(0, 1));
  say(
    `full size ${p}: built and opened in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}
const fullRef = (await full.fp32!.predictBatch(batchOf(0, WINDOWS))).quantiles;
for (const p of ["int8", "bf16"]) {
  const got = (await full[p]!.predictBatch(batchOf(0, WINDOWS))).quantiles;
  say(
    `full size, ${WINDOWS} steel test windows, ${p} error vs fp32 / 10–90 % spread: ` +
      summary(relErrors(fullRef, got, qs.length, H, lo, hi)),
  );
}

// FLOPs of one window (one row, 32 context patches + [REG] + 1 output patch = 34 tokens).
const D = config.dModel;
const tokens = L / config.chronos.inputPatchSize + 2;
const perLayer = 2 * tokens * (13 * D * D) + 2 * 2 * tokens * tokens * D; // linears (singleton) + scores·V
const flopsPerWindow = config.numLayers * perLayer;

const rates: Record<string, Record<number, number[]>> = {};
for (let round = 0; round < ROUNDS; round++) {
  const order = round % 2 === 0 ? PRECISIONS : [...PRECISIONS].reverse();
  for (const batch of [1, 32, 256]) {
    for (const p of order) {
      const n = batch === 1 ? 32 : WINDOWS;
      const t0 = performance.now();
      for (let from = 0; from < n; from += batch) await full[p]!.predictBatch(batchOf(from, batch));
      const wps = n / ((performance.now() - t0) / 1000);
      ((rates[p] ??= {})[batch] ??= []).push(wps);
    }
  }
}
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
say(
  `\nwindows/s (median of ${ROUNDS} rounds; GFLOP/s of the model's products at that rate):`,
);
say("| precision | batch 1 | batch 32 | batch 256 | vs fp32 at 32 |");
say("|---|---:|---:|---:|---:|");
for (const p of PRECISIONS) {
  const r = rates[p]!;
  const cell = (b: number) =>
    `${med(r[b]!).toFixed(1)} (${(med(r[b]!) * flopsPerWindow / 1e9).toFixed(0)})`;
  say(
    `| ${p} | ${cell(1)} | ${cell(32)} | ${cell(256)} | ${
      (med(r[32]!) / med(rates.fp32![32]!)).toFixed(2)
    }x |`,
  );
}
for (const p of PRECISIONS) await full[p]!.release();

// ORT's own rate on one node of the model's largest product (32 windows × 34 tokens, D → 4D).
async function standalone(precision: "fp32" | "int8"): Promise<number> {
  const [M, K, N] = [32 * tokens, D, 4 * D];
  const b = new GraphBuilder("mm");
  const x = b.input("x", "float32", [M, K]);
  const w = Float32Array.from({ length: K * N }, (_, i) => Math.sin(i) * 0.02);
  if (precision === "fp32") b.output(matMul(b, x, b.initializer("w", w, [K, N])), "y");
  else {
    const q = quantizePerChannel(w, N, K); // w read as [N, K]: only the speed counts here
    b.output(
      dynamicQuantizeMatMul(
        b,
        x,
        b.initializer("w", q.weights, [K, N]),
        b.initializer("s", q.scales, [N]),
      ),
      "y",
    );
  }
  const s = await createSession(serializeModel(b.build()), { executionProvider: "cpu" });
  const feed = {
    x: { dtype: "float32" as const, dims: [M, K], data: new Float32Array(M * K).fill(0.5) },
  };
  await s.run(feed);
  const times: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    await s.run(feed);
    times.push(performance.now() - t0);
  }
  await s.release();
  return (2 * M * K * N) / (med(times) / 1000) / 1e9;
}
say(
  `ORT standalone product ${32 * tokens}x${D}x${4 * D}: fp32 ${
    (await standalone("fp32")).toFixed(0)
  } GFLOP/s, ` +
    `int8 (DynamicQuantizeMatMul) ${(await standalone("int8")).toFixed(0)} GFLOP/s`,
);
