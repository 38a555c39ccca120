/**
 * The forecast service on `Deno.serve`: listens at once (`/healthz`
 * answers, `/readyz` says 503 until the models are warm), loads the models,
 * and stops gracefully: shutdown stops accepting connections, answers every
 * request already in, then releases the models. With `signals`, SIGTERM and
 * SIGINT shut down and SIGHUP reloads every model.
 *
 * @module
 */

import { Batcher } from "./batcher.ts";
import type { ForecastAnswer } from "./forecast_service.ts";
import { handleRequest, type ServeState } from "./handlers.ts";
import { type PartialLimits, resolveLimits } from "./limits.ts";
import { LruCache } from "./lru_cache.ts";
import { ModelRegistry } from "./model_registry.ts";
import { openApiDocument } from "./openapi.ts";
import { problemResponse } from "./problem.ts";
import type { ModelLoader } from "./served_model.ts";
import { createServiceMetrics } from "./service_metrics.ts";

/** Bytes an answer holds, roughly: 8 per number, plus its timestamps. */
function answerBytes(a: ForecastAnswer): number {
  let n = 256;
  for (const f of a.forecasts) {
    n += 8 * f.mean.length + 64 * (f.timestamps?.length ?? 0);
    for (const q of Object.values(f.quantiles)) n += 8 * q.length;
  }
  return n;
}

/** Options of {@linkcode startServer}. */
export interface ServeOptions {
  /** The model names, default first (what requests call them). */
  models: readonly string[];
  /** Loads and warms the model of a name (also for reloads). */
  loader: ModelLoader;
  /** Address to bind. @default "127.0.0.1" */
  hostname?: string;
  /** Port (0 picks a free one). @default 8080 */
  port?: number;
  /** Limits, in part. */
  limits?: PartialLimits;
  /** Bearer token required on /v1/* and /metrics. @default none */
  token?: string | undefined;
  /** Server log lines (listening, reloads, unexpected failures). @default none */
  log?: (line: string) => void;
  /** Handle SIGTERM/SIGINT (shut down) and SIGHUP (reload). @default false */
  signals?: boolean;
}

/** A running service. */
export interface ForecastServer {
  /** Its base URL, e.g. `http://127.0.0.1:8080`. */
  url: string;
  /** The shared state (metrics, registry, batcher). */
  state: ServeState;
  /** Resolves once every model is warm; rejects when one cannot be loaded. */
  ready: Promise<void>;
  /** Resolves once the service has shut down (by {@linkcode ForecastServer.shutdown} or a signal). */
  finished: Promise<void>;
  /**
   * Reloads one model or all, swapping each in once warm.
   *
   * @param name the model, or all
   */
  reload(name?: string): Promise<string[]>;
  /** Stops accepting, answers what is in, releases the models. */
  shutdown(): Promise<void>;
}

/**
 * Starts the forecast service.
 *
 * @param options models, loader, address, limits, token, signals
 * @returns the running service (listening; models loading)
 * @throws {RangeError} for bad limits or model names
 * @throws {Deno.errors.AddrInUse} when the port is taken
 * @example Usage
 * ```ts ignore
 * const server = startServer({ models: ["m"], loader: openMyModel, port: 0 });
 * await server.ready;
 * await fetch(`${server.url}/healthz`);
 * await server.shutdown();
 * ```
 */
export function startServer(options: ServeOptions): ForecastServer {
  const limits = resolveLimits(options.limits);
  const log = options.log ?? (() => {});
  // deno-lint-ignore prefer-const
  let state: ServeState;
  const batcher: Batcher = new Batcher({
    ...limits.batch,
    // requests inside the handlers that are neither queued nor running are on their way
    expectCompany: (): boolean => state.inFlight > batcher.queued + batcher.running,
    onBatch: (b) => {
      state.metrics.batchRequests.observe(b.requests);
      state.metrics.batchRows.observe(b.rows);
      state.metrics.modelSeconds.observe(b.seconds);
    },
  });
  const registry = new ModelRegistry(options.loader, options.models, {
    inUse: (m) => batcher.pending(m) > 0,
  });
  state = {
    registry,
    batcher,
    cache: limits.cache.maxEntries > 0 && limits.cache.ttlMs > 0
      ? new LruCache<ForecastAnswer>({
        maxEntries: limits.cache.maxEntries,
        ttlMs: limits.cache.ttlMs,
        maxSize: limits.cache.maxBytes,
        sizeOf: answerBytes,
      })
      : undefined,
    metrics: createServiceMetrics({
      queueDepth: () => batcher.queued,
      inFlight: () => state.inFlight,
    }),
    limits,
    token: options.token,
    draining: false,
    inFlight: 0,
    openapi: JSON.stringify(openApiDocument(limits.request, { tokenRequired: !!options.token })),
    log,
  };
  const abort = new AbortController();
  const server = Deno.serve({
    hostname: options.hostname ?? "127.0.0.1",
    port: options.port ?? 8080,
    signal: abort.signal,
    onListen: () => {},
    onError: (err) => {
      log(`error: ${err instanceof Error ? err.message.slice(0, 500) : "unknown"}`);
      return problemResponse(err, "/");
    },
  }, (req) => handleRequest(req, state));
  const addr = server.addr as Deno.NetAddr;
  const host = addr.hostname.includes(":") ? `[${addr.hostname}]` : addr.hostname;
  const url = `http://${host}:${addr.port}`;
  log(`listening on ${url}`);

  let resolveFinished!: () => void;
  const finished = new Promise<void>((r) => (resolveFinished = r));
  let stopping: Promise<void> | undefined;
  const listeners: [Deno.Signal, () => void][] = [];
  const shutdown = () => {
    stopping ??= (async () => {
      state.draining = true;
      log("draining: answering the requests in flight");
      await server.shutdown();
      await batcher.drain();
      await registry.releaseAll();
      for (const [sig, fn] of listeners) Deno.removeSignalListener(sig, fn);
      log("stopped");
      resolveFinished();
    })();
    return stopping;
  };
  const reload = async (name?: string) => {
    const names = await registry.reload(name);
    log(`reloaded ${names.join(", ")}`);
    return names;
  };
  if (options.signals) {
    const stop = () => void shutdown();
    const hup = () => {
      reload().then(
        () => state.metrics.reloads.inc({ result: "ok" }),
        (err) => {
          state.metrics.reloads.inc({ result: "failed" });
          log(
            `error: reload failed, the previous models keep answering: ${
              String(err).slice(0, 500)
            }`,
          );
        },
      );
    };
    for (const [sig, fn] of [["SIGTERM", stop], ["SIGINT", stop], ["SIGHUP", hup]] as const) {
      Deno.addSignalListener(sig, fn);
      listeners.push([sig, fn]);
    }
  }
  const ready = registry.loadAll().then(() => log(`ready: ${options.models.join(", ")}`));
  ready.catch(() => {});
  return { url, state, ready, finished, reload, shutdown };
}
