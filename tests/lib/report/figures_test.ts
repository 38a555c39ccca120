import { assert, assertEquals } from "../../_helpers/assert.ts";
import { reportFigures } from "../../../lib/report/figures.ts";
import { compareResults } from "../../../lib/report/comparison.ts";
import { loaded, PERSISTENCE, results, twoFiles } from "./_fixtures.ts";

Deno.test("reportFigures() lists the figures the results support", () => {
  assertEquals(reportFigures(compareResults(twoFiles())).map((f) => f.id)[2], "error_by_segment");
  const figures = reportFigures(compareResults(twoFiles()), { segment: { label: "load type" } });
  assertEquals(figures[2]!.title, "Error by load type");
  assertEquals(figures.map((f) => f.id), [
    "forecast_week",
    "error_by_hour",
    "error_by_load_type",
    "main_metrics",
    "finetuning_loss",
  ]);
  const r = results([PERSISTENCE]);
  delete r.loadType;
  const figs = reportFigures(compareResults([loaded("a", r)]));
  assertEquals(figs.map((f) => f.id), ["forecast_week", "error_by_hour", "main_metrics"]);
  assert(!figs[0]!.caption.includes("shaded"), "no band without quantiles");
});
