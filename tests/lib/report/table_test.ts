import { assert, assertEquals, assertMatch } from "../../_helpers/assert.ts";
import { compareResults } from "../../../lib/report/comparison.ts";
import {
  bestRule,
  comparisonCells,
  comparisonMarkdownTable,
  formatComparisonTable,
} from "../../../lib/report/table.ts";
import { loaded, PERSISTENCE, results, twoFiles, ZERO_SHOT } from "./_fixtures.ts";

Deno.test("comparisonCells() formats every column, skill and coverage as percentages", () => {
  const cells = comparisonCells(compareResults(twoFiles()));
  assertEquals(cells.header, [
    "Model",
    "Kind",
    "RMSE (kWh)",
    "MAE (kWh)",
    "R²",
    "MAPE (%)",
    "WAPE (%)",
    "MASE",
    "WQL",
    "Coverage (%)",
    "Windows/s",
    "Skill (%)",
  ]);
  assertEquals(cells.rows[1], [
    "chronos-2 zero-shot",
    "zero-shot",
    "3.000",
    "2.500",
    "0.700",
    "15.00",
    "14.00",
    "0.900",
    "0.0800",
    "70.0",
    "2.00",
    "25.0",
  ]);
  assertEquals(cells.rows[0]![8], "—", "persistence has no WQL");
  assertEquals(cells.best[2], [true, true, true, true, true, true, true, false, false, true]);
});

Deno.test("comparisonCells() hides columns nobody has and keeps the ones asked for", () => {
  const c = compareResults([loaded("a", results([PERSISTENCE]))]);
  assertEquals(comparisonCells(c).header.includes("WQL"), false);
  assertEquals(comparisonCells(c).header.includes("Skill (%)"), true);
  assertEquals(comparisonCells(c, { columns: ["wql", "rmse"] }).header, [
    "Model",
    "Kind",
    "WQL",
    "RMSE (kWh)",
  ]);
});

Deno.test("formatComparisonTable() marks the best with * and aligns the numbers", () => {
  const text = formatComparisonTable(compareResults(twoFiles()));
  const lines = text.trimEnd().split("\n");
  assertEquals(lines.length, 6);
  assertMatch(lines[0]!, /^Model {17}Kind {7}RMSE \(kWh\) /);
  assertMatch(lines[4]!, /^chronos-2 fine-tuned {2}finetuned {7}2\.000\* /);
  assertMatch(lines[2]!, / 4\.000 {2}/);
  // right-aligned: the RMSE values end in the same column
  const end = (l: string, v: string) => l.indexOf(v) + v.length;
  assertEquals(end(lines[2]!, "4.000"), end(lines[4]!, "2.000"));
  assertEquals(lines[5], `* best per column: ${bestRule(compareResults(twoFiles()))}`);
  assert(!text.includes("\x1b["));
  assert(
    formatComparisonTable(compareResults(twoFiles()), { color: true }).includes("\x1b[1m2.000*"),
  );
});

Deno.test("comparisonMarkdownTable() writes a GitHub table with the best in bold", () => {
  const other = structuredClone(ZERO_SHOT);
  other.name = "a|b";
  const md = comparisonMarkdownTable(compareResults([loaded("a", results([PERSISTENCE, other]))]), {
    columns: ["rmse", "coverage", "skill"],
  });
  assertEquals(md.split("\n").slice(0, 4), [
    "| Model | Kind | RMSE (kWh) | Coverage (%) | Skill (%) |",
    "|:---|:---|---:|---:|---:|",
    "| persistence | baseline | 4.000 | — | 0.0 |",
    "| a\\|b | zero-shot | **3.000** | 70.0 | **25.0** |",
  ]);
  assertMatch(md, /\*\*Bold\*\*: best per column \(lower is better; .*closest to 80 %\)/);
});
