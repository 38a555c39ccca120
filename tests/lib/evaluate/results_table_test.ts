import { assertEquals, assertMatch } from "../../_helpers/assert.ts";
import { formatResultsTable } from "../../../lib/evaluate/results_table.ts";
import type { MetricSet } from "../../../lib/results/schema.ts";

const m = (rmse: number, wql: number): MetricSet => ({
  n: 10,
  rmse,
  mae: 1.25,
  r2: 0.86123,
  mape: 12.345,
  mapeSkipped: 1,
  wape: 20.4,
  smape: 18,
  mase: 0.9,
  wql,
  coverage: wql > 0 ? 0.8 : NaN,
});

Deno.test("formatResultsTable() prints one row per model with dashes for what does not apply", () => {
  const text = formatResultsTable({
    models: [
      {
        name: "chronos-2 zero-shot",
        kind: "zero-shot",
        metrics: m(9.87654, 0.123),
        point: [],
        timing: { seconds: 2, windowsPerSecond: 2500.4 },
      },
      { name: "persistence", kind: "baseline", metrics: m(11.615, NaN), point: [] },
    ],
  });
  const lines = text.trimEnd().split("\n");
  assertEquals(lines.length, 4); // header, rule, two models
  assertMatch(lines[0]!, /^model\s+n\s+RMSE\s+MAE\s+R²/);
  assertMatch(lines[2]!, /^chronos-2 zero-shot\s+10\s+9\.877\s+1\.250\s+0\.8612\s+12\.35/);
  assertMatch(lines[2]!, /0\.1230\s+0\.800\s+2500$/);
  assertMatch(lines[3]!, /^persistence\s+10\s+11\.615 .*–\s+–\s+–$/);
});
