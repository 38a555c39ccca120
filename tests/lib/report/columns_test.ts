import { assertEquals } from "../../_helpers/assert.ts";
import { columnTitle, COMPARISON_COLUMNS, formatColumnValue } from "../../../lib/report/columns.ts";

Deno.test("COMPARISON_COLUMNS lists the report's metrics in order with who wins", () => {
  assertEquals(
    COMPARISON_COLUMNS.map((c) => `${c.key}:${c.better}`),
    [
      "rmse:lower",
      "mae:lower",
      "r2:higher",
      "mape:lower",
      "wape:lower",
      "mase:lower",
      "wql:lower",
      "coverage:nominal",
      "windowsPerSecond:higher",
      "skill:higher",
    ],
  );
});

Deno.test("formatColumnValue() writes shares as percentages and unknowns as a dash", () => {
  assertEquals(formatColumnValue("rmse", 8.5204), "8.520");
  assertEquals(formatColumnValue("coverage", 0.8), "80.0");
  assertEquals(formatColumnValue("skill", -0.05), "-5.0");
  assertEquals(formatColumnValue("wql", 0.051234), "0.0512");
  assertEquals(formatColumnValue("windowsPerSecond", 1234.6), "1235");
  assertEquals(formatColumnValue("windowsPerSecond", 2), "2.00");
  assertEquals(formatColumnValue("mase", NaN), "—");
  assertEquals(columnTitle(COMPARISON_COLUMNS[2]!), "R²");
  assertEquals(columnTitle(COMPARISON_COLUMNS[3]!), "MAPE (%)");
});
