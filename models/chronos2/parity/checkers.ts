/**
 * The registry of parity checkers for cases the inference harness does not
 * handle itself (the training cases L1/L2: `training_parity.ts` registers
 * them). A case with a matching checker is checked by it; the newest
 * registration wins.
 *
 * @module
 */

import type { CaseJson } from "./cases.ts";
import type { Chronos2Pipeline } from "../pipeline.ts";

/** One comparison of a computed block with its recording. */
export interface ParityCheck {
  /** What was compared, e.g. `outputs.predict[1]`. */
  name: string;
  /** max|a − b| / max|b| (Infinity on NaN mismatch or shape mismatch). */
  relErr: number;
  /** Whether it is within tolerance. */
  ok: boolean;
}

/** A checker for cases the inference harness does not handle (e.g. training losses). */
export type CaseChecker = (c: CaseJson, pipeline: Chronos2Pipeline) => Promise<ParityCheck[]>;

const checkers: { match: (name: string) => boolean; check: CaseChecker }[] = [];

/**
 * Registers a checker for cases whose name matches (e.g. fine-tuning
 * registers the L1/L2 loss and gradient checks).
 *
 * @param match a case-name prefix, or a predicate
 * @param check the checker
 * @returns a function that removes this registration again
 * @example Usage
 * ```ts
 * import { findCaseChecker, registerCaseChecker } from "./checkers.ts";
 * const remove = registerCaseChecker("Z_", () => Promise.resolve([{ name: "z", relErr: 0, ok: true }]));
 * if (!findCaseChecker("Z_demo")) throw new Error();
 * remove();
 * if (findCaseChecker("Z_demo")) throw new Error();
 * ```
 */
export function registerCaseChecker(
  match: string | ((name: string) => boolean),
  check: CaseChecker,
): () => void {
  const entry = {
    match: typeof match === "string" ? (n: string) => n.startsWith(match) : match,
    check,
  };
  checkers.unshift(entry);
  return () => {
    const i = checkers.indexOf(entry);
    if (i >= 0) checkers.splice(i, 1);
  };
}

/**
 * The checker registered for a case name, if any (the newest match).
 *
 * @param name the case name, e.g. `L1_training_loss_univariate`
 * @returns the checker, or `undefined`
 * @example Usage
 * ```ts
 * import { findCaseChecker } from "./checkers.ts";
 * if (findCaseChecker("no such case") !== undefined) throw new Error();
 * ```
 */
export function findCaseChecker(name: string): CaseChecker | undefined {
  return checkers.find((k) => k.match(name))?.check;
}
