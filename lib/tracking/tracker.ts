/**
 * Chooses the store as MLflow does: `MLFLOW_TRACKING_URI=http(s)://…` is a
 * tracking server; unset, a path or `file:` is the local file store
 * (`./mlruns` by default); database and Databricks URIs get a clear message.
 *
 * @module
 */

import { fileURLToPath } from "node:url";
import { redactUrl } from "../net/redact.ts";
import { FileStore } from "./file_store.ts";
import { RestTracker, type RestTrackerOptions } from "./rest_tracker.ts";
import type { Tracker } from "./types.ts";

/** The store a tracking URI designates. */
export type ResolvedStore =
  | { kind: "rest"; uri: string }
  | { kind: "file"; path: string };

/** Options of {@linkcode createTracker}. */
export interface CreateTrackerOptions extends RestTrackerOptions {
  /** Tracking URI. @default env MLFLOW_TRACKING_URI, else "./mlruns" */
  uri?: string;
}

/** The default local store folder. */
export const DEFAULT_STORE = "./mlruns";

/**
 * Resolves a tracking URI (or, when absent, `MLFLOW_TRACKING_URI`, else
 * `./mlruns`) to a store.
 *
 * @param uri the URI, a path, or undefined
 * @param env reads environment variables @default Deno.env.get
 * @returns which store and where
 * @throws {RangeError} for database, Databricks and other unsupported URIs
 * @example Usage
 * ```ts
 * import { resolveTrackingUri } from "@chronos-deno/chronos-deno/tracking";
 * import { deepEqual } from "node:assert/strict";
 * deepEqual(resolveTrackingUri("file:///tmp/mlruns"), { kind: "file", path: "/tmp/mlruns" });
 * deepEqual(resolveTrackingUri("http://127.0.0.1:5000/"), { kind: "rest", uri: "http://127.0.0.1:5000" });
 * ```
 */
export function resolveTrackingUri(
  uri?: string,
  env: (name: string) => string | undefined = defaultEnv,
): ResolvedStore {
  const u = (uri ?? env("MLFLOW_TRACKING_URI") ?? "").trim();
  if (u === "") return { kind: "file", path: DEFAULT_STORE };
  if (/^https?:\/\//i.test(u)) return { kind: "rest", uri: u.replace(/\/+$/, "") };
  if (/^file:\/\//i.test(u)) return { kind: "file", path: fileURLToPath(u) };
  if (/^file:/i.test(u)) return { kind: "file", path: u.slice(5) };
  const scheme = /^([a-z][a-z0-9+.-]+):/i.exec(u)?.[1]?.toLowerCase() ??
    (/^databricks(-uc)?$/i.test(u) ? "databricks" : undefined);
  if (scheme === undefined) return { kind: "file", path: u };
  const shown = redactUrl(u);
  if (scheme.startsWith("databricks")) {
    throw new RangeError(
      `Tracking URI "${shown}" is not supported: this client speaks to MLflow tracking servers; ` +
        `log locally (unset MLFLOW_TRACKING_URI) or to an "mlflow server", then migrate the runs`,
    );
  }
  const db = ["sqlite", "postgresql", "postgres", "mysql", "mssql"].some((d) =>
    scheme === d || scheme.startsWith(`${d}+`)
  );
  const hint = db
    ? `run "mlflow server --backend-store-uri ${shown} --host 127.0.0.1 --port 5000" and set ` +
      `MLFLOW_TRACKING_URI=http://127.0.0.1:5000`
    : `use an http(s):// MLflow server URL, a folder, or a file: URI`;
  throw new RangeError(`Tracking URI "${shown}" is not supported by this client: ${hint}`);
}

function defaultEnv(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch {
    return undefined;
  }
}

/**
 * Creates the tracker for a tracking URI: a {@linkcode RestTracker} for a
 * server (falling back to the local store on failure) or a
 * {@linkcode FileStore}.
 *
 * @param options URI, warnings, transport and identity options
 * @returns the tracker
 * @throws {RangeError} for unsupported URIs
 * @example Usage
 * ```ts
 * import { createTracker } from "@chronos-deno/chronos-deno/tracking";
 * const dir = await Deno.makeTempDir();
 * const tracker = createTracker({ uri: dir });
 * const run = await tracker.startRun({ experiment: "demo", runName: "first" });
 * await run.logParams({ context_length: 512 });
 * await run.end();
 * if (tracker.kind !== "file") throw new Error();
 * ```
 */
export function createTracker(options: CreateTrackerOptions = {}): Tracker {
  const store = resolveTrackingUri(options.uri, options.env ?? defaultEnv);
  if (store.kind === "rest") return new RestTracker(store.uri, options);
  return new FileStore(store.path, {
    ...(options.now ? { now: options.now } : {}),
    ...(options.user !== undefined ? { user: options.user } : {}),
    ...(options.sourceName !== undefined ? { sourceName: options.sourceName } : {}),
  });
}
