/**
 * The routes of the forecast service and the one place requests pass
 * through: route lookup, method check, bearer token, the handler, problem
 * details for every failure (never a stack trace), and the request metrics.
 *
 * @module
 */

import { checkBearer } from "./auth.ts";
import type { Batcher } from "./batcher.ts";
import { csvForecastRequest } from "./csv_request.ts";
import { forecastChart } from "./forecast_chart.ts";
import { answerForecast, type ForecastAnswer } from "./forecast_service.ts";
import type { ServeLimits } from "./limits.ts";
import type { LruCache } from "./lru_cache.ts";
import type { ModelRegistry } from "./model_registry.ts";
import { forecastPage, PAGE_CSP } from "./page.ts";
import { ProblemError, problemResponse } from "./problem.ts";
import { readBody } from "./read_body.ts";
import { type ForecastRequest, parseForecastRequest } from "./request_schema.ts";
import type { ServiceMetrics } from "./service_metrics.ts";

/** Everything the handlers share. */
export interface ServeState {
  /** The models. */
  registry: ModelRegistry;
  /** The batcher. */
  batcher: Batcher;
  /** The answer cache, when on. */
  cache?: LruCache<ForecastAnswer> | undefined;
  /** The metrics. */
  metrics: ServiceMetrics;
  /** The limits. */
  limits: ServeLimits;
  /** The bearer token, when one is required. */
  token?: string | undefined;
  /** Set once shutdown began (readiness fails). */
  draining: boolean;
  /** Requests being answered. */
  inFlight: number;
  /** The OpenAPI document, rendered. */
  openapi: string;
  /** Server log lines (unexpected failures); never sent to clients. */
  log: (line: string) => void;
}

const KNOWN_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

type Handler = (request: Request, url: URL, state: ServeState) => Promise<Response> | Response;

interface Route {
  method: string;
  secured: boolean;
  handle: Handler;
}

const text = (body: string, type: string, status = 200, headers: Record<string, string> = {}) =>
  new Response(body, { status, headers: { "content-type": type, ...headers } });
const json = (body: unknown) => text(JSON.stringify(body), "application/json");

function mediaType(request: Request): string {
  return (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
}

async function readForecastRequest(
  request: Request,
  url: URL,
  state: ServeState,
  signal: AbortSignal,
) {
  const type = mediaType(request);
  const isJson = type === "application/json" || type.endsWith("+json");
  if (!isJson && type !== "text/csv") {
    throw new ProblemError(
      415,
      "unsupported-media-type",
      `Cannot read a "${type.slice(0, 80) || "missing"}" body: send application/json or text/csv`,
    );
  }
  const body = await readBody(request, state.limits.request.maxBodyBytes, signal);
  if (!isJson) return await csvForecastRequest(body, url.searchParams, state.limits.request);
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
  } catch (err) {
    const why = err instanceof SyntaxError ? err.message.slice(0, 200) : "it is not UTF-8";
    throw new ProblemError(400, "invalid-json", `The body is not valid JSON: ${why}`);
  }
  return parseForecastRequest(parsed, state.limits.request);
}

async function forecast(request: Request, url: URL, state: ServeState): Promise<Response> {
  const signal = AbortSignal.timeout(state.limits.deadlineMs);
  const req: ForecastRequest = await readForecastRequest(request, url, state, signal);
  const answer = await answerForecast(
    {
      registry: state.registry,
      batcher: state.batcher,
      cache: state.cache,
      onCache: (hit) => (hit ? state.metrics.cacheHits : state.metrics.cacheMisses).inc(),
    },
    req,
    signal,
  );
  const accept = request.headers.get("accept") ?? "";
  if (accept.includes("image/svg+xml") && !accept.includes("application/json")) {
    const svg = forecastChart(
      { target: req.series[0]!.target, timestamps: req.timestamps[0] },
      answer.forecasts[0]!,
    );
    return text(svg, "image/svg+xml");
  }
  return json(answer);
}

function models(_r: Request, _u: URL, state: ServeState): Response {
  return json({
    models: state.registry.list().map(({ name, entry }, i) => ({
      name,
      folder: entry.model.folder,
      loadedAt: entry.loadedAt,
      generation: entry.generation,
      default: i === 0,
      config: entry.model.summary,
    })),
  });
}

async function reload(request: Request, url: URL, state: ServeState): Promise<Response> {
  if (state.token === undefined) {
    throw new ProblemError(
      403,
      "reload-disabled",
      "Reloading over HTTP needs a token: start the service with CHRONOS_API_TOKEN set, or send SIGHUP",
    );
  }
  await request.body?.cancel();
  const name = url.searchParams.get("model") ?? undefined;
  try {
    await state.registry.reload(name);
    state.metrics.reloads.inc({ result: "ok" });
  } catch (err) {
    if (err instanceof ProblemError) throw err;
    state.metrics.reloads.inc({ result: "failed" });
    const msg = err instanceof Error ? err.message : String(err);
    throw new ProblemError(
      500,
      "reload-failed",
      `Cannot reload: ${msg.slice(0, 500)}; the previous model keeps answering`,
    );
  }
  return models(request, url, state);
}

function ready(_r: Request, _u: URL, state: ServeState): Response {
  if (state.draining) {
    throw new ProblemError(
      503,
      "draining",
      "The service is shutting down: send requests elsewhere",
    );
  }
  if (!state.registry.ready) {
    throw new ProblemError(503, "not-ready", "The models are still loading: retry shortly", {
      headers: { "retry-after": "5" },
    });
  }
  return text("ready\n", "text/plain");
}

const ROUTES: Record<string, Route> = {
  "/v1/forecast": { method: "POST", secured: true, handle: forecast },
  "/v1/models": { method: "GET", secured: true, handle: models },
  "/v1/admin/reload": { method: "POST", secured: true, handle: reload },
  "/healthz": { method: "GET", secured: false, handle: () => text("ok\n", "text/plain") },
  "/readyz": { method: "GET", secured: false, handle: ready },
  "/metrics": {
    method: "GET",
    secured: true,
    handle: (_r, _u, s) => text(s.metrics.registry.render(), "text/plain; version=0.0.4"),
  },
  "/openapi.json": {
    method: "GET",
    secured: false,
    handle: (_r, _u, s) => text(s.openapi, "application/json"),
  },
  "/": {
    method: "GET",
    secured: false,
    handle: (_r, _u, s) =>
      text(forecastPage(s.registry.names), "text/html; charset=utf-8", 200, {
        "content-security-policy": PAGE_CSP,
      }),
  },
};

/**
 * Answers one request: route, method, token, handler; any failure becomes
 * problem details, unexpected ones are logged (message only) and answered
 * with a plain 500.
 *
 * @param request the request
 * @param state the service state
 * @returns the response
 * @example Usage
 * ```ts ignore
 * Deno.serve((req) => handleRequest(req, state));
 * ```
 */
export async function handleRequest(request: Request, state: ServeState): Promise<Response> {
  const t0 = performance.now();
  const url = new URL(request.url);
  const route = ROUTES[url.pathname];
  const label = route ? url.pathname : "unmatched";
  let response: Response;
  state.inFlight++;
  try {
    if (!route) {
      throw new ProblemError(
        404,
        "not-found",
        `There is no route "${url.pathname.slice(0, 100)}": see /openapi.json`,
      );
    }
    const method = request.method === "HEAD" && route.method === "GET" ? "GET" : request.method;
    if (method !== route.method) {
      throw new ProblemError(405, "method-not-allowed", `Use ${route.method} for ${url.pathname}`, {
        headers: { allow: route.method },
      });
    }
    if (route.secured) await checkBearer(request, state.token);
    response = await route.handle(request, url, state);
  } catch (err) {
    if (!(err instanceof ProblemError)) {
      const e = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      state.log(`error: ${request.method} ${label}: ${e.slice(0, 1000)}`);
    }
    response = problemResponse(err, url.pathname.slice(0, 200));
  } finally {
    state.inFlight--;
  }
  // labels from fixed sets only, so odd paths or methods cannot grow the metrics without bound
  const method = KNOWN_METHODS.includes(request.method) ? request.method : "other";
  state.metrics.requests.inc({ route: label, method, status: String(response.status) });
  state.metrics.latency.observe((performance.now() - t0) / 1000, { route: label });
  return response;
}
