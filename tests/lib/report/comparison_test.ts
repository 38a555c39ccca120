import { assert, assertEquals, assertThrows } from "../../_helpers/assert.ts";
import { assertClose } from "../../_helpers/assert_close.ts";
import { checkComparable } from "../../../lib/report/comparable.ts";
import { compareResults } from "../../../lib/report/comparison.ts";
import { IncompatibleResultsError } from "../../../lib/results/incompatible_results_error.ts";
import { FINETUNED, loaded, PERSISTENCE, results, twoFiles, ZERO_SHOT } from "./_fixtures.ts";

Deno.test("compareResults() gives one row per model, a shared baseline once, skill worked by hand", () => {
  const c = compareResults(twoFiles());
  assertEquals(c.rows.map((r) => [r.name, r.kind, r.source]), [
    ["persistence", "baseline", "zero"],
    ["chronos-2 zero-shot", "zero-shot", "zero"],
    ["chronos-2 fine-tuned", "finetuned", "tuned"],
  ]);
  // skill = 1 − RMSE / RMSE(persistence) = 1 − x / 4
  assertClose(c.rows.map((r) => r.values.skill), [0, 0.25, 0.5], { atol: 1e-15 });
  assertEquals(c.reference, "persistence");
  assertEquals(c.rows[1]!.values.rmse, 3);
  assertEquals(c.rows[2]!.values.windowsPerSecond, 4);
  assert(Number.isNaN(c.rows[0]!.values.wql));
  assertEquals(c.split, "test");
  assertEquals(c.predictionLength, 2);
  assertEquals(c.frequencyMs, 15 * 60 * 1000);
  assertEquals(c.nominalCoverage, 0.9 - 0.1);
  assertEquals(c.sources.map((s) => [s.label, s.path, s.task]), [
    ["zero", "/tmp/zero.json", "zero-shot"],
    ["tuned", "/tmp/tuned.json", "finetune"],
  ]);
  assertEquals(c.notes, []);
  assertEquals(c.training.map((t) => [t.name, t.source, t.points.length]), [
    ["chronos-2 fine-tuned", "tuned", 3],
  ]);
});

Deno.test("compareResults() marks the best per column: lower, higher, closest to nominal coverage", () => {
  const c = compareResults(twoFiles());
  const best = Object.fromEntries(c.rows.map((r) => [r.name, r.best]));
  assertEquals(best["persistence"], ["windowsPerSecond"]);
  // coverage: |0.7 − 0.8| = 0.1 beats |0.95 − 0.8| = 0.15
  assertEquals(best["chronos-2 zero-shot"], ["coverage"]);
  assertEquals(best["chronos-2 fine-tuned"], [
    "rmse",
    "mae",
    "r2",
    "mape",
    "wape",
    "mase",
    "wql",
    "skill",
  ]);
});

Deno.test("compareResults() marks ties and skips columns with fewer than two known values", () => {
  const tie = structuredClone(ZERO_SHOT);
  tie.metrics.rmse = 4;
  tie.metrics.wql = NaN;
  const c = compareResults([loaded("a", results([PERSISTENCE, tie]))]);
  assert(c.rows[0]!.best.includes("rmse") && c.rows[1]!.best.includes("rmse"));
  assert(!c.rows.some((r) => r.best.includes("wql")), "one known WQL is no contest");
  assert(!c.rows.some((r) => r.best.includes("coverage")));
});

Deno.test("compareResults() renames models of the same name by what differs, else by file", () => {
  const other = structuredClone(ZERO_SHOT);
  other.point[0]![0] = 99;
  const c = compareResults([
    loaded("run1", results([ZERO_SHOT])),
    loaded("run2", results([other])),
  ]);
  assertEquals(c.rows.map((r) => r.name), [
    "chronos-2 zero-shot (run1)",
    "chronos-2 zero-shot (run2)",
  ]);
  const longer = results([other]);
  longer.config.contextLength = 2048;
  const byContext = compareResults([loaded("run1", results([ZERO_SHOT])), loaded("run2", longer)]);
  assertEquals(byContext.rows.map((r) => r.name), [
    "chronos-2 zero-shot (context 512)",
    "chronos-2 zero-shot (context 2048)",
  ]);
});

Deno.test("compareResults() measures skill against the chosen reference, or says it cannot", () => {
  const c = compareResults(twoFiles(), { reference: "Chronos-2 Zero-Shot" });
  assertClose(c.rows.map((r) => r.values.skill), [1 - 4 / 3, 0, 1 - 2 / 3], { atol: 1e-15 });
  const none = compareResults([loaded("a", results([ZERO_SHOT, FINETUNED]))]);
  assert(none.rows.every((r) => Number.isNaN(r.values.skill)));
  assertEquals(none.reference, undefined);
  assertEquals(none.notes, ['No "persistence" model in these results, so skill is not shown']);
});

Deno.test("compareResults() notes allowed differences: context length and covariates", () => {
  const b = results([FINETUNED]);
  b.config.contextLength = 1024;
  b.config.covariates = "past";
  const c = compareResults([loaded("a", results([PERSISTENCE, ZERO_SHOT])), loaded("b", b)]);
  assertEquals(c.notes, [
    "Context lengths differ: 512 (a); 1024 (b)",
    'Covariate modes differ: "none" (a); "past" (b)',
  ]);
});

Deno.test("compareResults() refuses files evaluated on different origins, naming the window", () => {
  const b = results([FINETUNED]);
  b.origins = [100, 101, 110, 111];
  const files = [loaded("zero", results([ZERO_SHOT])), loaded("other", b)];
  assertThrows(() => compareResults(files), IncompatibleResultsError);
  assertEquals(checkComparable(files), [
    "origins: window 3 starts at row 102 in zero, 110 in other",
  ]);
  assertThrows(() => compareResults(files), {
    name: "IncompatibleResultsError",
    message: /not evaluated on the same windows:\n {2}- origins: window 3 starts at row 102/,
  });
});

Deno.test("compareResults() needs at least one file", () => {
  assertThrows(() => compareResults([]), { name: "RangeError", message: /no results files/ });
});
