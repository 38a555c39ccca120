// deno-lint-ignore-file no-console
/**
 * Forward-pass speed of full-size Chronos-2 (the released config, seeded
 * random weights: no download) at context 512, horizon 1 (one output patch).
 *
 *   deno bench -A bench/models/chronos2/forward_bench.ts            (batch 1, 32, 256; singleton variant)
 *   deno run -A bench/models/chronos2/forward_bench.ts [--batch 1,32,256] [--threads 1,2] [--opt all,basic]
 *        [--variant singleton|group] [--covariates] [--seconds 20] [--ep cpu|cuda|webgpu]
 *
 * The script mode prints windows/s for each setting and the peak resident memory (VmHWM).
 * `--covariates` runs the steel-like case: 10 rows per window (target + 9 covariates) in one group.
 * `--ep` picks ONNX Runtime's execution provider (default cpu); the provider a session really
 * ran on is printed (one that fails to start falls back to the CPU).
 */

import { createOnnxRunner, type OnnxRunner } from "../../../models/chronos2/onnx_runner.ts";
import type { GraphVariant } from "../../../models/chronos2/graph.ts";
import { expectedWeightShapes } from "../../../models/chronos2/weight_layout.ts";
import type { WeightMap } from "../../../models/chronos2/weights.ts";
import type { ForwardInput } from "../../../models/chronos2/rollout.ts";
import { releasedConfig } from "../../../tests/_helpers/fixtures.ts";

const CONFIG = await releasedConfig();
const CONTEXT = 512;

function seededWeights(seed = 42): WeightMap {
  let s = seed >>> 0;
  const w: WeightMap = new Map();
  for (const [name, shape] of expectedWeightShapes(CONFIG)) {
    const n = shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(n);
    const norm = name.includes("layer_norm");
    const scale = name.endsWith("bias") ? 0.02 : 1 / Math.sqrt(shape[shape.length - 1]!);
    for (let i = 0; i < n; i++) {
      s = (s * 1664525 + 1013904223) >>> 0;
      const u = s / 2 ** 32 - 0.5;
      data[i] = norm ? 1 + 0.1 * u : scale * u * 3.4;
    }
    w.set(name, { dtype: "F32", shape, data });
  }
  return w;
}

function makeInput(windows: number, rowsPerWindow: number): ForwardInput {
  const rows = windows * rowsPerWindow;
  const context = new Float32Array(rows * CONTEXT);
  for (let i = 0; i < context.length; i++) {
    context[i] = 100 + 20 * Math.sin(i / 24) + ((i * 7919) % 13);
  }
  const groupIds = Int32Array.from({ length: rows }, (_, r) => Math.floor(r / rowsPerWindow));
  const fut = new Float32Array(rows * 16).fill(NaN);
  for (let r = 0; r < rows; r++) {
    if (r % rowsPerWindow >= 1 && r % rowsPerWindow <= 3) fut.fill(1, r * 16, r * 16 + 1);
  }
  return { context, rows, length: CONTEXT, groupIds, futureCovariates: fut, numOutputPatches: 1 };
}

function peakRssMb(): number {
  try {
    const m = Deno.readTextFileSync("/proc/self/status").match(/VmHWM:\s+(\d+) kB/);
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

let shared: WeightMap | undefined;
const weights = () => (shared ??= seededWeights());

function runner(
  variant: GraphVariant,
  threads: number,
  opt: "all" | "basic" | "disabled",
  ep: "cpu" | "cuda" | "webgpu" = "cpu",
): OnnxRunner {
  return createOnnxRunner(CONFIG, weights(), {
    variant,
    intraOpThreads: threads,
    graphOptimization: opt,
    executionProvider: ep,
  });
}

if (import.meta.main) {
  const arg = (name: string, def: string) => {
    const i = Deno.args.indexOf(`--${name}`);
    return i >= 0 ? Deno.args[i + 1]! : def;
  };
  const batches = arg("batch", "1,32,256").split(",").map(Number);
  const threads = arg("threads", "2").split(",").map(Number);
  const opts = arg("opt", "all").split(",") as ("all" | "basic" | "disabled")[];
  const cov = Deno.args.includes("--covariates");
  const variant = (arg("variant", cov ? "group" : "singleton")) as GraphVariant;
  const seconds = Number(arg("seconds", "20"));
  const ep = arg("ep", "cpu") as "cpu" | "cuda" | "webgpu";
  const t0 = performance.now();
  weights();
  console.log(
    `weights: ${((performance.now() - t0) / 1000).toFixed(1)} s; load average ${
      Deno.loadavg().map((x) => x.toFixed(2)).join(" ")
    }`,
  );
  for (const opt of opts) {
    for (const th of threads) {
      const r = runner(variant, th, opt, ep);
      const t1 = performance.now();
      await r.forward(makeInput(1, cov ? 10 : 1));
      console.log(
        `session (${variant}, threads ${th}, opt ${opt}, ${r.executionProvider}): ${
          ((performance.now() - t1) / 1000).toFixed(1)
        } s incl. first run; provider: ${r.providerReason}`,
      );
      for (const b of batches) {
        const input = makeInput(b, cov ? 10 : 1);
        await r.forward(input); // warm-up
        let n = 0;
        const start = performance.now();
        while (performance.now() - start < seconds * 1000 || n < 2) {
          await r.forward(input);
          n++;
        }
        const sec = (performance.now() - start) / 1000;
        console.log(
          `  batch ${String(b).padStart(3)}${cov ? " ×10 rows" : ""}: ${
            ((b * n) / sec).toFixed(2)
          } windows/s (${n} runs, ${(sec / n * 1000).toFixed(0)} ms/run)`,
        );
      }
      await r.release();
      console.log(
        `  peak RSS so far: ${peakRssMb().toFixed(0)} MB; load average ${
          Deno.loadavg().map((x) => x.toFixed(2)).join(" ")
        }`,
      );
    }
  }
} else {
  let bench: OnnxRunner | undefined;
  const get = () => (bench ??= runner("singleton", 2, "all"));
  for (const b of [1, 32, 256]) {
    const input = makeInput(b, 1);
    Deno.bench({
      name: `chronos-2 forward, context 512, horizon 1, batch ${b} (singleton, 2 threads)`,
      group: "chronos2",
      n: b === 256 ? 2 : 5,
      warmup: 1,
      async fn(t) {
        const r = get();
        t.start();
        await r.forward(input);
        t.end();
      },
    });
  }
  const covInput = makeInput(32, 10);
  let groupRunner: OnnxRunner | undefined;
  Deno.bench({
    name: "chronos-2 forward, 32 windows × 10 rows (target + 9 covariates, group attention)",
    group: "chronos2-covariates",
    n: 2,
    warmup: 1,
    async fn(t) {
      groupRunner ??= runner("group", 2, "all");
      t.start();
      await groupRunner.forward(covInput);
      t.end();
    },
  });
}
