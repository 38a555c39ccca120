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
  /** Force one variant for every call (benchmarks, checks). @default chosen per call */
  variant?: GraphVariant;
}

/** A runner that also exposes how many sessions it opened. */
export interface OnnxRunner extends ForwardRunner {
  /** The variant the last call used. */
  readonly lastVariant: GraphVariant | undefined;
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
 * import { allSingletonGroups } from "./onnx_runner.ts";
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
      const model = given ??
        serializeModel(buildChronos2Graph(config, weights!, { variant, debugOutputs: debug }));
      s = createSession(model, sessionOptions);
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
  const pick = (input: ForwardInput): GraphVariant =>
    options.variant ?? (allSingletonGroups(input.groupIds) ? "singleton" : "group");
  return {
    get lastVariant() {
      return lastVariant;
    },
    async forward(input) {
      const variant = pick(input);
      lastVariant = variant;
      const s = await open(variant, false);
      const out = await s.run(feeds(input, variant));
      return out.quantiles!.data as Float32Array;
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
