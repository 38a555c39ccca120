/**
 * The options of the MLflow client and how they default from the
 * environment (MLflow's own variables: `MLFLOW_TRACKING_TOKEN`,
 * `MLFLOW_TRACKING_USERNAME`/`_PASSWORD`, `MLFLOW_HTTP_REQUEST_TIMEOUT`,
 * `MLFLOW_HTTP_REQUEST_MAX_RETRIES`, `MLFLOW_TRACKING_INSECURE_TLS`).
 *
 * @module
 */

/** Options of `MlflowClient`. */
export interface MlflowClientOptions {
  /** The fetch to use (tests inject one). @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Waits between retries (tests inject one). @default setTimeout-based */
  sleep?: (ms: number) => Promise<void>;
  /** Reads environment variables. @default Deno.env.get (undefined without permission) */
  env?: (name: string) => string | undefined;
  /** Bearer token. @default env MLFLOW_TRACKING_TOKEN */
  token?: string;
  /** Basic-auth user. @default env MLFLOW_TRACKING_USERNAME */
  username?: string;
  /** Basic-auth password. @default env MLFLOW_TRACKING_PASSWORD */
  password?: string;
  /** Per-request timeout in ms. @default env MLFLOW_HTTP_REQUEST_TIMEOUT (s) × 1000, else 120000 */
  timeoutMs?: number;
  /** Overall limit for one request with all its retries, in ms. @default 300000 */
  deadlineMs?: number;
  /**
   * Limit for the first request of a run (the probe that decides between the server and
   * ./mlruns): a server that accepts and never answers is given up within it. @default 10000
   */
  probeTimeoutMs?: number;
  /** Retries after the first try. @default env MLFLOW_HTTP_REQUEST_MAX_RETRIES, else 5 */
  maxRetries?: number;
  /** First wait before a retry, doubled each time. @default 500 */
  backoffMs?: number;
  /** Longest wait between retries. @default 16000 */
  maxBackoffMs?: number;
  /** Random source for jitter in [0, 1). @default Math.random */
  random?: () => number;
  /** Receives warnings (e.g. unsupported TLS settings). */
  onWarning?: (message: string) => void;
}

/** Resolved client settings. */
export interface ClientSettings {
  /** The fetch, when injected (else lib/net's default). */
  fetch?: typeof fetch;
  /** The sleep. */
  sleep: (ms: number) => Promise<void>;
  /** The Authorization header, if any. */
  auth: string | undefined;
  /** Per-request timeout. */
  timeoutMs: number;
  /** Overall limit per request, retries included. */
  deadlineMs: number;
  /** Limit of the probe request. */
  probeTimeoutMs: number;
  /** Values never shown in a message (token, password, the Authorization value). */
  secrets: string[];
  /** Retries after the first try. */
  maxRetries: number;
  /** First backoff. */
  backoffMs: number;
  /** Longest backoff. */
  maxBackoffMs: number;
  /** Jitter source. */
  random: () => number;
}

/**
 * Fills in the client's settings from options, then the environment.
 *
 * @param options the options
 * @returns the settings
 */
export function clientSettings(options: MlflowClientOptions): ClientSettings {
  const env = options.env ?? defaultEnv;
  const token = options.token ?? env("MLFLOW_TRACKING_TOKEN");
  const user = options.username ?? env("MLFLOW_TRACKING_USERNAME");
  const pass = options.password ?? env("MLFLOW_TRACKING_PASSWORD");
  const auth = token
    ? `Bearer ${token}`
    : user !== undefined && pass !== undefined
    ? `Basic ${btoa(`${user}:${pass}`)}`
    : undefined;
  const secrets = [token, pass, auth?.replace(/^\S+ /, "")].filter((s): s is string =>
    s !== undefined && s !== ""
  );
  if (/^(true|1)$/i.test(env("MLFLOW_TRACKING_INSECURE_TLS") ?? "")) {
    options.onWarning?.(
      "MLFLOW_TRACKING_INSECURE_TLS is not supported by this client: run Deno with " +
        "--unsafely-ignore-certificate-errors=<host> or add the server's CA with DENO_CERT",
    );
  }
  return {
    ...(options.fetch ? { fetch: options.fetch } : {}),
    sleep: options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
    auth,
    timeoutMs: options.timeoutMs ?? (toNumber(env("MLFLOW_HTTP_REQUEST_TIMEOUT")) ?? 120) * 1000,
    deadlineMs: options.deadlineMs ?? 300_000,
    probeTimeoutMs: options.probeTimeoutMs ?? 10_000,
    secrets,
    maxRetries: options.maxRetries ?? toNumber(env("MLFLOW_HTTP_REQUEST_MAX_RETRIES")) ?? 5,
    backoffMs: options.backoffMs ?? 500,
    maxBackoffMs: options.maxBackoffMs ?? 16_000,
    random: options.random ?? Math.random,
  };
}

function defaultEnv(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch {
    return undefined;
  }
}

/**
 * Reads a number from a string, or undefined when it is not one.
 *
 * @param v the text
 * @returns the number
 */
export function toNumber(v: string | undefined | null): number | undefined {
  return v === undefined || v === null || v.trim() === "" || !Number.isFinite(Number(v))
    ? undefined
    : Number(v);
}
