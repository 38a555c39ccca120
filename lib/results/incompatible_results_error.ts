/**
 * The error thrown when results files cannot be compared because they were
 * not evaluated on the same windows.
 *
 * @module
 */

/** Results files differ in split, horizon, origins or actuals, so their metrics are not comparable. */
export class IncompatibleResultsError extends Error {
  /** One line per difference, naming the field and the files. */
  readonly differences: readonly string[];
  /**
   * Creates the error; the message lists every difference and what to do.
   *
   * @param differences what differs, one line each (at least one)
   * @example Usage
   * ```ts
   * import { IncompatibleResultsError } from "@chronos-deno/chronos-deno/results";
   * import { match } from "node:assert/strict";
   * const e = new IncompatibleResultsError(['split: "test" in a.json, "val" in b.json']);
   * match(e.message, /split: "test" in a.json/);
   * ```
   */
  constructor(differences: readonly string[]) {
    super(
      "Cannot compare these results: they were not evaluated on the same windows:\n" +
        differences.map((d) => `  - ${d}`).join("\n") +
        "\nRe-run the evaluations with the same --split, --prediction-length, --max-predictions and --stride",
    );
    this.name = "IncompatibleResultsError";
    this.differences = differences;
  }
}
