import { assert, assertEquals, assertMatch } from "../../_helpers/assert.ts";
import { reportFigures } from "../../../lib/report/figures.ts";
import { compareResults } from "../../../lib/report/comparison.ts";
import { renderMarkdownReport } from "../../../lib/report/markdown.ts";
import { twoFiles } from "./_fixtures.ts";

Deno.test("renderMarkdownReport() writes setup, headline, table, figure links and sources", () => {
  const c = compareResults(twoFiles());
  const md = renderMarkdownReport(c, reportFigures(c, { segment: { label: "load type" } }), {
    generatedAt: new Date("2024-05-02T08:30:00Z"),
  });
  const lines = md.split("\n");
  assertEquals(lines[0], "# Model comparison");
  assertMatch(lines[2]!, /^Test split, 4 windows of 2 steps .* Generated 2024-05-02 08:30 UTC\.$/);
  assertMatch(md, /\*\*chronos-2 fine-tuned has the lowest RMSE, 2\.000 kWh: 50\.0 % lower/);
  assertMatch(md, /\n\| chronos-2 fine-tuned \| finetuned \| \*\*2\.000\*\* \|/);
  assertMatch(md, /Skill = 1 − RMSE \/ RMSE of persistence \(4\.000 kWh\)/);
  for (const id of ["forecast_week", "error_by_hour", "error_by_load_type", "main_metrics"]) {
    assert(md.includes(`](model_comparison_figures/${id}.svg)`), id);
  }
  assertMatch(md, /- `tuned`: finetune, written 2024-05-01T10:00:00Z \(\/tmp\/tuned\.json\)/);
  assert(md.endsWith("\n") && !md.includes("<svg"), "figures are linked, not inlined");
});
