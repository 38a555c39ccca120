/**
 * Runs a body with MLFLOW_TRACKING_URI pointing where a test wants its runs
 * (a temporary store), and puts the variable back as it was afterwards.
 *
 * @module
 */

/** Runs `body` with `MLFLOW_TRACKING_URI` set to `uri`, restoring the previous value. */
export async function withTrackingUri<T>(uri: string, body: () => Promise<T>): Promise<T> {
  const before = Deno.env.get("MLFLOW_TRACKING_URI");
  Deno.env.set("MLFLOW_TRACKING_URI", uri);
  try {
    return await body();
  } finally {
    if (before === undefined) Deno.env.delete("MLFLOW_TRACKING_URI");
    else Deno.env.set("MLFLOW_TRACKING_URI", before);
  }
}
