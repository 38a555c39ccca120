/**
 * Defaults shared by both stores when a run is created: a generated run name,
 * the user, the source file and new run ids.
 *
 * @module
 */

import { fileURLToPath as fromFileUrl } from "node:url";

const ADJECTIVES = [
  "amber",
  "bold",
  "brisk",
  "calm",
  "clever",
  "crisp",
  "eager",
  "gentle",
  "keen",
  "lucid",
  "merry",
  "nimble",
  "quiet",
  "rapid",
  "steady",
  "vivid",
];
const NOUNS = [
  "anvil",
  "beacon",
  "comet",
  "delta",
  "ember",
  "falcon",
  "forge",
  "harbor",
  "ingot",
  "lantern",
  "meadow",
  "orbit",
  "piston",
  "river",
  "turbine",
  "willow",
];

/**
 * A run name in MLflow's style, e.g. `"steady-forge-417"`.
 *
 * @returns a random name
 */
export function generateRunName(): string {
  const pick = <T>(a: readonly T[]): T => a[Math.floor(Math.random() * a.length)]!;
  return `${pick(ADJECTIVES)}-${pick(NOUNS)}-${Math.floor(Math.random() * 1000)}`;
}

/**
 * A new run id: a uuid4 in hex without dashes, as MLflow makes them.
 *
 * @returns 32 hex digits
 */
export function newRunId(): string {
  return crypto.randomUUID().replaceAll("-", "");
}

/**
 * The user running the process (`USER`, `LOGNAME` or `USERNAME`), or "unknown".
 *
 * @returns the user name
 */
export function currentUser(): string {
  try {
    return Deno.env.get("USER") ?? Deno.env.get("LOGNAME") ?? Deno.env.get("USERNAME") ??
      "unknown";
  } catch {
    return "unknown";
  }
}

/**
 * The entry-point file of the process (for `mlflow.source.name`).
 *
 * @returns a path, or the module URL when it is not a file
 */
export function currentSource(): string {
  try {
    return fromFileUrl(Deno.mainModule);
  } catch {
    return Deno.mainModule;
  }
}
