/**
 * How every task closes its run: FINISHED when it completed, KILLED when it
 * was interrupted (Ctrl-C), FAILED with the error recorded as tags when it
 * threw. The reason is always a tag, never a param.
 *
 * @module
 */

import { clip } from "../net/clip.ts";
import { redactSecrets } from "../net/redact.ts";
import type { EndStatus } from "./types.ts";
import { RUN_TAGS } from "./vocabulary.ts";

/** The part of a run {@linkcode closeRun} uses. */
export interface ClosableRun {
  /** Sets tags. */
  setTags(tags: Record<string, string>): Promise<void>;
  /** Ends the run. */
  end(status?: EndStatus): Promise<void>;
}

/** How a task ended. */
export interface RunEnd {
  /** The error it threw, if any. */
  error?: unknown;
  /** Whether it stopped early on request (Ctrl-C). */
  interrupted?: boolean;
}

/** Longest error text kept in the `chronos.error` tag. */
const MAX_ERROR_CHARS = 4000;

/**
 * The status a run ends with: FAILED on an error (KILLED when the error is
 * the abort of an interruption), KILLED when interrupted, else FINISHED.
 *
 * @param end how the task ended
 * @returns the status
 * @example Usage
 * ```ts
 * import { endStatus } from "@chronos-deno/chronos-deno/tracking";
 * import { equal } from "node:assert/strict";
 * equal(endStatus({}), "FINISHED");
 * equal(endStatus({ interrupted: true }), "KILLED");
 * equal(endStatus({ error: new Error("x") }), "FAILED");
 * ```
 */
export function endStatus(end: RunEnd): EndStatus {
  if (end.error !== undefined) {
    const abort = end.error instanceof DOMException && end.error.name === "AbortError";
    return abort || end.interrupted ? "KILLED" : "FAILED";
  }
  return end.interrupted ? "KILLED" : "FINISHED";
}

/**
 * The tags that say why a run did not finish: `chronos.end_reason`
 * ("error" or "interrupted") and, for an error, `chronos.error` with its
 * type and message (credentials removed, cut to 4000 characters).
 *
 * @param end how the task ended
 * @returns the tags (none for a finished run)
 * @example Usage
 * ```ts
 * import { endTags } from "@chronos-deno/chronos-deno/tracking";
 * import { equal } from "node:assert/strict";
 * equal(endTags({ error: new RangeError("Bad step") })["chronos.error"], "RangeError: Bad step");
 * ```
 */
export function endTags(end: RunEnd): Record<string, string> {
  const status = endStatus(end);
  if (status === "FINISHED") return {};
  if (status === "KILLED") return { [RUN_TAGS.endReason]: "interrupted" };
  const e = end.error;
  const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return {
    [RUN_TAGS.endReason]: "error",
    [RUN_TAGS.error]: clip(redactSecrets(text), MAX_ERROR_CHARS),
  };
}

/**
 * Closes a run as the task ended: the reason tags first, then the status.
 * A failure to tag does not keep the run open.
 *
 * @param run the run
 * @param end how the task ended @default finished
 * @returns the status the run ended with
 * @example Usage
 * ```ts
 * import { closeRun, createTracker } from "@chronos-deno/chronos-deno/tracking";
 * const run = await createTracker({ uri: await Deno.makeTempDir() }).startRun({ experiment: "demo" });
 * if (await closeRun(run, { interrupted: true }) !== "KILLED") throw new Error();
 * ```
 */
export async function closeRun(run: ClosableRun, end: RunEnd = {}): Promise<EndStatus> {
  const status = endStatus(end);
  const tags = endTags(end);
  try {
    if (Object.keys(tags).length > 0) await run.setTags(tags);
  } finally {
    await run.end(status);
  }
  return status;
}
