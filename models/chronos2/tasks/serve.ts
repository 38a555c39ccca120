/**
 * Chronos-2 behind the forecast service: a pipeline as a `ServedModel`
 * (official input shape in, quantiles and median out), and the `serve` task's
 * library side, which opens each model (folder or hub id, warmed) and starts
 * the service.
 *
 * @module
 */

import {
  type ForecastServer,
  type ServedModel,
  type ServeForecast,
  type ServeForecastOptions,
  type ServeOptions,
  type ServeSeries,
  startServer,
} from "../../../lib/serve/mod.ts";
import { loadServedGbdt } from "../../../lib/gbdt/served_gbdt.ts";
import { openChronos2, type OpenChronos2Options, type OpenedChronos2 } from "../open.ts";
import { prepareInputs, type TaskInput } from "../preprocess.ts";

function toTasks(series: readonly ServeSeries[]): TaskInput[] {
  return series.map((s) => {
    const t: TaskInput = { target: s.target };
    if (s.pastCovariates) {
      t.pastCovariates = s.pastCovariates as NonNullable<TaskInput["pastCovariates"]>;
    }
    if (s.futureCovariates) {
      t.futureCovariates = s.futureCovariates as NonNullable<TaskInput["futureCovariates"]>;
    }
    return t;
  });
}

/**
 * Wraps an opened Chronos-2 model for the service.
 *
 * @param name the name requests use
 * @param opened the opened model (warm)
 * @param options rows per model batch, warnings
 * @returns the served model
 * @example Usage
 * ```ts
 * import { chronos2ServedModel } from "./serve.ts";
 * import { openChronos2 } from "@chronos-deno/chronos-deno/chronos2";
 * const m = chronos2ServedModel("tiny", await openChronos2("tests/fixtures/chronos2-tiny"));
 * const [f] = await m.forecast([{ target: [1, 2, 3, 4] }], { predictionLength: 2, quantileLevels: [0.5] });
 * if (f!.mean.length !== 2 || f!.quantiles[0]!.length !== 2) throw new Error();
 * await m.release();
 * ```
 */
export function chronos2ServedModel(
  name: string,
  opened: OpenedChronos2,
  options: { batchSize?: number; onWarning?: (msg: string) => void } = {},
): ServedModel {
  const { pipeline } = opened;
  const c = pipeline.config;
  return {
    name,
    folder: opened.dir,
    summary: {
      family: "chronos-2",
      revision: opened.revision,
      contextLength: c.chronos.contextLength,
      maxPredictionLength: pipeline.modelPredictionLength,
      quantiles: pipeline.quantiles,
      dModel: c.dModel,
      numLayers: c.numLayers,
      executionProvider: opened.executionProvider,
    },
    check(series: readonly ServeSeries[], o: ServeForecastOptions): void {
      prepareInputs(toTasks(series), o.predictionLength);
    },
    async forecast(
      series: readonly ServeSeries[],
      o: ServeForecastOptions,
    ): Promise<ServeForecast[]> {
      const h = o.predictionLength;
      const levels = [...o.quantileLevels];
      const r = await pipeline.predictQuantiles(toTasks(series), {
        predictionLength: h,
        quantileLevels: levels,
        batchSize: options.batchSize ?? 256,
      });
      return r.quantiles.map((q, i) => ({
        quantiles: levels.map((_, j) =>
          Array.from({ length: h }, (_, t) => q.data[t * levels.length + j]!)
        ),
        mean: Array.from(r.mean[i]!.data.subarray(0, h)),
      }));
    },
    release: () => pipeline.release(),
  };
}

/** Options of {@linkcode serveChronos2}: the service's options without the loader. */
export interface ServeChronos2Options extends Omit<ServeOptions, "loader"> {
  /** How each model is opened (execution provider, threads). */
  open?: OpenChronos2Options;
}

/**
 * Starts the forecast service over Chronos-2 models named by folder or hub id.
 *
 * @param options the model names, address, limits, token, signals and open options
 * @returns the running service (models loading; await `ready`)
 * @example Usage
 * ```ts
 * import { serveChronos2 } from "./serve.ts";
 * const server = serveChronos2({ models: ["tests/fixtures/chronos2-tiny"], port: 0 });
 * await server.ready;
 * const r = await fetch(`${server.url}/readyz`);
 * if (r.status !== 200) throw new Error(await r.text());
 * await server.shutdown();
 * ```
 */
export function serveChronos2(options: ServeChronos2Options): ForecastServer {
  const { open, ...serve } = options;
  const batchSize = options.limits?.batch?.maxRows;
  return startServer({
    ...serve,
    // A folder written by `deno task gbdt` (it has gbdt.json) is served by XGBoost; anything
    // else is a Chronos-2 folder or hub id.
    loader: async (name) =>
      await isGbdtFolder(name) ? await loadServedGbdt(name, name) : chronos2ServedModel(
        name,
        await openChronos2(name, { ...open }),
        {
          ...(batchSize ? { batchSize } : {}),
          ...(options.log ? { onWarning: (m: string) => options.log!(`warning: ${m}`) } : {}),
        },
      ),
  });
}

async function isGbdtFolder(name: string): Promise<boolean> {
  return await Deno.stat(`${name}/gbdt.json`).then((s) => s.isFile, () => false);
}
