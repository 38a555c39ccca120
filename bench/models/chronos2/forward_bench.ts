// deno-lint-ignore-file no-console
/**
 * Forward-pass speed of full-size Chronos-2 (the released config, seeded
 * random weights: no download) at context 512, horizon 1 (one output patch).
 *
 *   deno bench -A bench/models/chronos2/forward_bench.ts            (batch 1, 32, 256; singleton variant)
 *   deno run -A bench/models/chronos2/forward_bench.ts [--batch 1,32,256] [--threads 1,2] [--opt all,basic]
 *        [--variant singleton|group] [--covariates] [--seconds 20]
 *
 * The script mode prints windows/s for each setting and the peak resident memory (VmHWM).
 * `--covariates` runs the steel-like case: 10 rows per window (target + 9 covariates) in one group.
 */

import { parseChronos2Config } from "../../../models/chronos2/config.ts";
import { createOnnxRunner, type OnnxRunner } from "../../../models/chronos2/onnx_runner.ts";
import type { GraphVariant } from "../../../models/chronos2/graph.ts";
import { expectedWeightShapes } from "../../../models/chronos2/weight_layout.ts";
import type { WeightMap } from "../../../models/chronos2/weights.ts";
import type { ForwardInput } from "../../../models/chronos2/rollout.ts";

const CONFIG = parseChronos2Config({
  architectures: ["Chronos2Model"],
  chronos_config: {
    context_length: 8192,
    input_patch_size: 16,
    input_patch_stride: 16,
    max_output_patches: 64,
    output_patch_size: 16,
    quantiles: [
      0.01,
      0.05,
      0.1,
      0.15,
      0.2,
      0.25,
      0.3,
      0.35,
      0.4,
      0.45,
      0.5,
      0.55,
      0.6,
      0.65,
      0.7,
      0.75,
      0.8,
      0.85,
      0.9,
      0.95,
      0.99,
    ],
    time_encoding_scale: 8192,
    use_arcsinh: true,
    use_reg_token: true,
  },
  d_ff: 3072,
  d_kv: 64,
  d_model: 768,
  dense_act_fn: "relu",
  dropout_rate: 0.1,
  feed_forward_proj: "relu",
  layer_norm_epsilon: 1e-6,
  model_type: "t5",
  num_heads: 12,
  num_layers: 12,
  reg_token_id: 1,
  rope_theta: 10000,
  vocab_size: 2,
});
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
): OnnxRunner {
  return createOnnxRunner(CONFIG, weights(), {
    variant,
    intraOpThreads: threads,
    graphOptimization: opt,
    executionProvider: "cpu",
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
  const t0 = performance.now();
  weights();
  console.log(
    `weights: ${((performance.now() - t0) / 1000).toFixed(1)} s; load average ${
      Deno.loadavg().map((x) => x.toFixed(2)).join(" ")
    }`,
  );
  for (const opt of opts) {
    for (const th of threads) {
      const r = runner(variant, th, opt);
      const t1 = performance.now();
      await r.forward(makeInput(1, cov ? 10 : 1));
      console.log(
        `session (${variant}, threads ${th}, opt ${opt}): ${
          ((performance.now() - t1) / 1000).toFixed(1)
        } s incl. first run`,
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
