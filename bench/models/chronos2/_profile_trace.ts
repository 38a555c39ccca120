/**
 * Bench helper: sums an ONNX Runtime profiler trace (Chrome-trace JSON) by
 * op type, by graph region of the Chronos-2 training graph, and by matrix
 * product shape with its FLOPs; plus the GFLOP/s of ORT's own MatMul on a
 * one-node graph, the machine's reference rate.
 *
 * @module
 */

import { GraphBuilder } from "../../../lib/onnx/builder.ts";
import { matMul } from "../../../lib/onnx/ops/mod.ts";
import { serializeModel } from "../../../lib/onnx/serialize.ts";
import { createSession } from "../../../lib/runtime/session.ts";

/** One event of ORT's trace. */
export interface TraceEvent {
  cat: string;
  name: string;
  dur: number;
  ts: number;
  args?: {
    "op_name"?: string;
    "input_type_shape"?: Record<string, number[]>[];
    "output_type_shape"?: Record<string, number[]>[];
  };
}

/** Sums of a trace. */
export interface TraceSummary {
  /** Runs summed. */
  runs: number;
  /** Node time, µs, over those runs. */
  nodeMicros: number;
  /** µs by region, largest first. */
  byRegion: Map<string, number>;
  /** µs and count by op type, largest first. */
  byOp: Map<string, { micros: number; count: number }>;
  /** µs, FLOPs and count by matrix-product shape, largest first. */
  byGemm: Map<string, { micros: number; flops: number; count: number }>;
}

/** The region of a node from its name: forward/backward, then the layer kind. */
export function regionOf(name: string): string {
  const back = name.startsWith("grad/");
  const base = back ? name.slice(5) : name;
  let kind = "other";
  if (/loss|quantile/i.test(base)) kind = "loss";
  else if (/layer_norm|rms/i.test(base)) kind = "norms";
  else if (/time_attention|\/t_attn|time_attn|layer\.0\b|layer_0\b/i.test(base)) {
    kind = "time attention";
  } else if (/group_attention|g_attn|group_attn|layer\.1\b|layer_1\b/i.test(base)) {
    kind = "group attention";
  } else if (/feed_forward|ffn|mlp|layer\.2\b|layer_2\b/i.test(base)) kind = "feed-forward";
  else if (/input_patch|residual_block|patch_embed|embed/i.test(base)) kind = "input/output blocks";
  else if (/output_patch|head/i.test(base)) kind = "input/output blocks";
  if (back && /^grad\/(accumulate|zeros_|unbroadcast)|^grad\/[^/]*$/.test(name)) {
    return "backward: gradient outputs/sums";
  }
  return `${back ? "backward" : "forward"}: ${kind}`;
}

function dims(t: Record<string, number[]> | undefined): number[] {
  return t ? Object.values(t)[0] ?? [] : [];
}

function prod(xs: readonly number[]): number {
  return xs.reduce((a, b) => a * b, 1);
}

/** M, K, N, batch and FLOPs of a MatMul/FusedMatMul/Gemm event (transposes read from the shapes). */
function gemmShape(
  e: TraceEvent,
): { key: string; flops: number } | undefined {
  const ins = e.args?.["input_type_shape"];
  const outs = e.args?.["output_type_shape"];
  if (!ins || ins.length < 2 || !outs) return undefined;
  const a = dims(ins[0]);
  const out = dims(outs[0]);
  if (a.length < 2 || out.length < 2) return undefined;
  const M = out[out.length - 2]!;
  const N = out[out.length - 1]!;
  const [x, y] = [a[a.length - 2]!, a[a.length - 1]!];
  const K = x === M ? y : x;
  const batch = prod(out.slice(0, -2));
  return {
    key: `${M} x ${K} x ${N}${batch > 1 ? ` [${batch}]` : ""}`,
    flops: 2 * M * N * K * batch,
  };
}

/**
 * Sums the node events of a trace, skipping the first `skipRuns` runs.
 *
 * @param events the trace
 * @param options runs to skip (warm-up)
 * @returns the sums
 */
export function summariseTrace(
  events: readonly TraceEvent[],
  options: { skipRuns: number },
): TraceSummary {
  const runs = events.filter((e) => e.cat === "Session" && e.name === "model_run")
    .sort((a, b) => a.ts - b.ts);
  const from = runs[options.skipRuns]?.ts ?? 0;
  const kept = runs.length - options.skipRuns;
  const byRegion = new Map<string, number>();
  const byOp = new Map<string, { micros: number; count: number }>();
  const byGemm = new Map<string, { micros: number; flops: number; count: number }>();
  let nodeMicros = 0;
  for (const e of events) {
    if (e.cat !== "Node" || !e.name.endsWith("_kernel_time") || e.ts < from) continue;
    const name = e.name.slice(0, -"_kernel_time".length);
    const op = e.args?.["op_name"] ?? "?";
    nodeMicros += e.dur;
    const region = regionOf(name);
    byRegion.set(region, (byRegion.get(region) ?? 0) + e.dur);
    const o = byOp.get(op) ?? { micros: 0, count: 0 };
    o.micros += e.dur;
    o.count++;
    byOp.set(op, o);
    if (/MatMul|Gemm/.test(op)) {
      const g = gemmShape(e);
      if (g) {
        const key = `${op} ${g.key}`;
        const v = byGemm.get(key) ?? { micros: 0, flops: 0, count: 0 };
        v.micros += e.dur;
        v.flops += g.flops;
        v.count++;
        byGemm.set(key, v);
      }
    }
  }
  const sorted = <V>(m: Map<string, V>, by: (v: V) => number) =>
    new Map([...m].sort((a, b) => by(b[1]) - by(a[1])));
  return {
    runs: kept,
    nodeMicros,
    byRegion: sorted(byRegion, (v) => v),
    byOp: sorted(byOp, (v) => v.micros),
    byGemm: sorted(byGemm, (v) => v.micros),
  };
}

/**
 * GFLOP/s of ORT's MatMul on a one-node graph [m, k]·[k, n] (median of 20 runs
 * after 3 warm-ups), with the session's default threads.
 *
 * @param m rows
 * @param k inner dimension
 * @param n columns
 * @returns the rate
 */
export async function matMulReference(m: number, k: number, n: number): Promise<number> {
  const b = new GraphBuilder("matmul_reference");
  b.output(matMul(b, b.input("a", "float32", [m, k]), b.input("b", "float32", [k, n])), "c");
  const s = await createSession(serializeModel(b.build()), { executionProvider: "cpu" });
  const feeds = {
    a: { dtype: "float32" as const, dims: [m, k], data: new Float32Array(m * k).fill(0.5) },
    b: { dtype: "float32" as const, dims: [k, n], data: new Float32Array(k * n).fill(0.25) },
  };
  const times: number[] = [];
  for (let i = 0; i < 23; i++) {
    const t0 = performance.now();
    await s.run(feeds);
    if (i >= 3) times.push(performance.now() - t0);
  }
  await s.release();
  const med = times.sort((x, y) => x - y)[times.length >> 1]!;
  return 2 * m * k * n / (med / 1000) / 1e9;
}
