import { assert, assertEquals } from "../../_helpers/assert.ts";
import { IncompatibleResultsError } from "../../../lib/results/incompatible_results_error.ts";

Deno.test("IncompatibleResultsError lists each difference and says what to do", () => {
  const e = new IncompatibleResultsError(["split: a", "prediction length: b"]);
  assert(e instanceof Error);
  assertEquals(e.name, "IncompatibleResultsError");
  assertEquals(e.differences, ["split: a", "prediction length: b"]);
  assertEquals(
    e.message.split("\n"),
    [
      "Cannot compare these results: they were not evaluated on the same windows:",
      "  - split: a",
      "  - prediction length: b",
      "Re-run the evaluations with the same --split, --prediction-length, --max-predictions and --stride",
    ],
  );
});
