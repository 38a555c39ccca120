import { assertEquals, assertMatch } from "../../_helpers/assert.ts";
import { lossCurveChart, metricsBarChart } from "../../../lib/report/metric_charts.ts";
import { compareResults } from "../../../lib/report/comparison.ts";
import { elements, subpaths, texts } from "./svg/_parse.ts";
import { twoFiles } from "./_fixtures.ts";

Deno.test("metricsBarChart() has one panel per known metric, skill in %", () => {
  const svg = metricsBarChart(compareResults(twoFiles()));
  assertEquals(texts(svg, "chart-title"), [
    "RMSE (lower is better)",
    "MAE (lower is better)",
    "WAPE (lower is better)",
    "WQL (lower is better)",
    "MASE (lower is better)",
    "Skill (higher is better)",
  ]);
  assertEquals(elements(svg, "rect", "bar").length, 17, "WQL unknown for persistence");
  const skill = elements(svg, "rect", "bar").filter((b) => b["data-label"]).slice(-3);
  assertEquals(skill.map((b) => Number(b["data-value"])), [0, 25, 50]);
  assertMatch(svg, />50\.0<\/text>/);
});

Deno.test("lossCurveChart() draws training and validation loss, or nothing without a curve", () => {
  const c = compareResults(twoFiles());
  const svg = lossCurveChart(c.training)!;
  const lines = elements(svg, "path", "line");
  assertEquals(lines.map((l) => l["data-series"]), ["training loss", "validation loss"]);
  assertEquals(lines.map((l) => subpaths(l.d!)[0]!.length), [3, 2]);
  assertEquals(texts(svg, "axis-label"), ["Loss (quantile loss)", "Optimizer step"]);
  assertEquals(lossCurveChart([]), undefined);
});
