/**
 * Defaults shared by both stores when a run is created: a generated run name,
 * the user, the source file and new run ids.
 *
 * @module
 */

import { userInfo as osUserInfo } from "node:os";
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
 * The OS account running the process, as MLflow's own client records it
 * (`os.userInfo()`, which needs no environment), else `USER`, `LOGNAME` or
 * `USERNAME`, else "unknown".
 *
 * @param userInfo reads the OS account (tests inject one) @default node:os userInfo
 * @param env reads environment variables @default Deno.env.get
 * @returns the user name
 */
export function currentUser(
  userInfo: () => { username: string } = osUserInfo,
  env: (name: string) => string | undefined = (n) => Deno.env.get(n),
): string {
  try {
    const name = userInfo().username;
    if (name) return name;
  } catch { /* no --allow-sys, or no passwd entry */ }
  try {
    return env("USER") || env("LOGNAME") || env("USERNAME") || "unknown";
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
