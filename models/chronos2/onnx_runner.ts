/**
 * Runs the Chronos-2 graph with ONNX Runtime (through `lib/runtime`). Two
 * sessions are created lazily: the singleton-group variant, used when every
 * row of a call has its own group id (plain univariate forecasting), and the
 * official group-attention variant otherwise.
 *
 * @module
 */

import type { Chronos2Config } from "./config.ts";
import type { WeightMap } from "./weights.ts";
import type { Precision } from "./precision.ts";
import { buildChronos2Graph, type GraphVariant } from "./graph.ts";
import type { ForwardInput, ForwardRunner } from "./rollout.ts";
import { serializeModel } from "../../lib/onnx/mod.ts";
import {
  createSession,
  type Session,
  type SessionOptions,
  type Tensor,
} from "../../lib/runtime/mod.ts";

/** Options of {@link createOnnxRunner}. */
export interface OnnxRunnerOptions extends SessionOptions {
  /** Serialised models to use instead of building them (e.g. model.onnx files), per variant. */
  models?: Partial<Record<GraphVariant, Uint8Array | string>>;
  /**
   * Reads the weights when a graph must be built and `weights` was not given
   * (e.g. the debug graph of a folder loaded from its model.onnx files).
   */
  loadWeights?: () => Promise<WeightMap>;
  /** Precision of the graphs built here (not of given `models`). @default "fp32" */
  precision?: Precision;
  /** Force one variant for every call (benchmarks, checks). @default chosen per call */
  variant?: GraphVariant;
  /**
   * Largest number of rows per ONNX Runtime call: bigger calls are split into
   * whole groups (exact: groups never attend to each other), which keeps the
   * activations in cache. 0 disables splitting. @default 32
   */
  maxRowsPerRun?: number;
}

/** A runner that also exposes its variant and execution provider. */
export interface OnnxRunner extends ForwardRunner {
  /** The variant the last call used. */
  readonly lastVariant: GraphVariant | undefined;
  /** The execution provider of the last session opened; undefined before the first call. */
  readonly executionProvider: string | undefined;
  /** Why that provider (lib/runtime's reason); undefined before the first call. */
  readonly providerReason: string | undefined;
  /** Frees the sessions. */
  release(): Promise<void>;
}

/**
 * Whether every row has its own group id.
 *
 * @param groupIds the ids
 * @returns true when all ids are distinct
 * @example Usage
 * ```ts
 * import { allSingletonGroups } from "@chronos-deno/chronos-deno/chronos2";
 * if (!allSingletonGroups(new Int32Array([0, 1, 2])) || allSingletonGroups(new Int32Array([0, 0]))) throw new Error();
 * ```
 */
export function allSingletonGroups(groupIds: ArrayLike<number>): boolean {
  return new Set(Array.from(groupIds)).size === groupIds.length;
}

/**
 * Creates the ONNX Runtime runner.
 *
 * @param config model config
 * @param weights the state dict (used to build graphs not given in `options.models`)
 * @param options session options, prebuilt models, forced variant
 * @returns the runner
 * @example Usage
 * ```ts ignore
 * const runner = createOnnxRunner(config, weights, { intraOpThreads: 2 });
 * ```
 */
export function createOnnxRunner(
  config: Chronos2Config,
  weights: WeightMap | undefined,
  options: OnnxRunnerOptions = {},
): OnnxRunner {
  const sessions = new Map<GraphVariant, Promise<Session>>();
  let provider: { name: string; reason: string } | undefined;
  const debugSessions = new Map<GraphVariant, Promise<Session>>();
  const sessionOptions: SessionOptions = {
    ...(options.executionProvider ? { executionProvider: options.executionProvider } : {}),
    ...(options.intraOpThreads !== undefined ? { intraOpThreads: options.intraOpThreads } : {}),
    ...(options.graphOptimization ? { graphOptimization: options.graphOptimization } : {}),
    ...(options.onWarning ? { onWarning: options.onWarning } : {}),
  };
  const open = (variant: GraphVariant, debug: boolean): Promise<Session> => {
    const cache = debug ? debugSessions : sessions;
    let s = cache.get(variant);
    if (!s) {
      const given = debug ? undefined : options.models?.[variant];
      const build = async () => {
        const w = weights ?? await options.loadWeights?.();
        if (!w) throw new TypeError("Cannot build the graph: pass the weights or loadWeights");
        return serializeModel(
          buildChronos2Graph(config, w, {
            variant,
            debugOutputs: debug,
            ...(options.precision ? { precision: options.precision } : {}),
          }),
        );
      };
      s = (given ? Promise.resolve(given) : build()).then((model) =>
        createSession(model, sessionOptions)
      ).then((session) => {
        provider = { name: session.executionProvider, reason: session.providerReason };
        return session;
      });
      cache.set(variant, s);
    }
    return s;
  };
  let lastVariant: GraphVariant | undefined;
  const feeds = (input: ForwardInput, variant: GraphVariant): Record<string, Tensor> => {
    const width = input.futureCovariates.length / input.rows;
    const f: Record<string, Tensor> = {
      context: { dtype: "float32", dims: [input.rows, input.length], data: input.context },
      "future_covariates": {
        dtype: "float32",
        dims: [input.rows, width],
        data: input.futureCovariates,
      },
    };
    if (variant === "group") {
      f.group_ids = {
        dtype: "int64",
        dims: [input.rows],
        data: BigInt64Array.from(input.groupIds, (g) => BigInt(g)),
      };
    }
    return f;
  };
  const maxRows = options.maxRowsPerRun ?? 32;
  const runChunked = async (input: ForwardInput, variant: GraphVariant): Promise<Float32Array> => {
    const s = await open(variant, false);
    const run = async (x: ForwardInput) =>
      (await s.run(feeds(x, variant))).quantiles!.data as Float32Array;
    if (maxRows <= 0 || input.rows <= maxRows) return await run(input);
    const chunks = chunkRows(input.groupIds, maxRows);
    const width = input.futureCovariates.length / input.rows;
    let out: Float32Array | undefined;
    let per = 0;
    for (const rows of chunks) {
      const sub: ForwardInput = {
        context: gatherRows(input.context, input.length, rows),
        rows: rows.length,
        length: input.length,
        groupIds: Int32Array.from(rows, (r) => input.groupIds[r]!),
        futureCovariates: gatherRows(input.futureCovariates, width, rows),
        numOutputPatches: input.numOutputPatches,
      };
      const q = await run(sub);
      per = q.length / rows.length;
      out ??= new Float32Array(input.rows * per);
      rows.forEach((r, i) => out!.set(q.subarray(i * per, (i + 1) * per), r * per));
    }
    return out!;
  };
  const pick = (input: ForwardInput): GraphVariant =>
    options.variant ?? (allSingletonGroups(input.groupIds) ? "singleton" : "group");
  return {
    get lastVariant() {
      return lastVariant;
    },
    get executionProvider() {
      return provider?.name;
    },
    get providerReason() {
      return provider?.reason;
    },
    async forward(input) {
      const variant = pick(input);
      lastVariant = variant;
      return await runChunked(input, variant);
    },
    async forwardWithInternals(input) {
      const variant = pick(input);
      const s = await open(variant, true);
      const out = await s.run(feeds(input, variant));
      const internals: Record<string, Float32Array> = {};
      for (const [k, v] of Object.entries(out)) {
        if (v.data instanceof Float32Array) internals[k] = v.data;
      }
      return { quantiles: out.quantiles!.data as Float32Array, internals };
    },
    async release() {
      for (const cache of [sessions, debugSessions]) {
        for (const s of cache.values()) await (await s).release();
        cache.clear();
      }
    },
  };
}

/**
 * Packs the rows into chunks of at most `maxRows` rows made of whole groups
 * (a group larger than `maxRows` forms its own chunk), in first-seen order.
 *
 * @param groupIds group id per row
 * @param maxRows the chunk size
 * @returns row indices per chunk
 * @example Usage
 * ```ts
 * import { chunkRows } from "@chronos-deno/chronos-deno/chronos2";
 * const c = chunkRows(new Int32Array([0, 1, 0, 2, 2]), 3);
 * if (JSON.stringify(c) !== "[[0,2,1],[3,4]]") throw new Error();
 * ```
 */
export function chunkRows(groupIds: ArrayLike<number>, maxRows: number): number[][] {
  const groups = new Map<number, number[]>();
  for (let r = 0; r < groupIds.length; r++) {
    const g = groupIds[r]!;
    (groups.get(g) ?? groups.set(g, []).get(g)!).push(r);
  }
  const chunks: number[][] = [];
  let cur: number[] = [];
  for (const rows of groups.values()) {
    if (cur.length > 0 && cur.length + rows.length > maxRows) {
      chunks.push(cur);
      cur = [];
    }
    cur.push(...rows);
  }
  if (cur.length > 0) chunks.push(cur);
  return chunks;
}

function gatherRows(data: Float32Array, width: number, rows: number[]): Float32Array {
  const out = new Float32Array(rows.length * width);
  rows.forEach((r, i) => out.set(data.subarray(r * width, (r + 1) * width), i * width));
  return out;
}
