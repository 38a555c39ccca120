import { assert, assertEquals, assertMatch, assertThrows } from "../../_helpers/assert.ts";
import {
  errorByHourChart,
  errorByLoadTypeChart,
  forecastWeekChart,
  lossCurveChart,
  metricsBarChart,
  modelColor,
  reportFigures,
} from "../../../lib/report/charts.ts";
import { compareResults } from "../../../lib/report/comparison.ts";
import { elements, subpaths, texts } from "./svg/_parse.ts";
import { loaded, PERSISTENCE, results, twoFiles } from "./_fixtures.ts";

Deno.test("forecastWeekChart() draws actual and forecasts over the week, one band, axes in kWh", () => {
  const c = compareResults(twoFiles());
  const svg = forecastWeekChart(c);
  const lines = elements(svg, "path", "line");
  assertEquals(lines.map((l) => l["data-series"]), [
    "actual",
    "persistence",
    "chronos-2 zero-shot",
    "chronos-2 fine-tuned",
  ]);
  for (const l of lines) assertEquals(subpaths(l.d!).flat().length, 5, "5 distinct time steps");
  assertEquals(lines[1]!["stroke-dasharray"], "6 4", "baselines dashed");
  const bands = elements(svg, "path", "band");
  assertEquals(bands.map((b) => b["data-series"]), ["chronos-2 fine-tuned"], "lowest WQL");
  assertEquals(texts(svg, "axis-label"), ["Energy (kWh)", "Time (plant time, UTC+09:00)"]);
  assertEquals(texts(svg, "chart-title"), ["Actual vs forecast, week from Thu 01 Nov 2018"]);
  assert(svg.includes(">chronos-2 fine-tuned 10–90 %</text>"));
  const both = forecastWeekChart(c, {
    models: ["chronos-2 zero-shot"],
    bandModels: ["chronos-2 zero-shot"],
  });
  assertEquals(elements(both, "path", "line").length, 2);
  assertEquals(elements(both, "path", "band").length, 1);
  assertThrows(() => forecastWeekChart(c, { models: ["nope"] }), /Cannot plot model "nope"/);
});

Deno.test("modelColor() gives learned models the first colours and keeps them in every figure", () => {
  const c = compareResults(twoFiles());
  assertEquals(modelColor(c, "chronos-2 zero-shot"), "#0072B2");
  assertEquals(modelColor(c, "chronos-2 fine-tuned"), "#D55E00");
  assertEquals(modelColor(c, "persistence"), "#009E73");
  const hour = errorByHourChart(c);
  const zs = elements(hour, "path", "line").find((l) => l["data-series"] === "chronos-2 zero-shot");
  assertEquals(zs!.stroke, "#0072B2");
});

Deno.test("errorByHourChart() has a point per hour with data and labelled axes", () => {
  const svg = errorByHourChart(compareResults(twoFiles()));
  const lines = elements(svg, "path", "line");
  assertEquals(lines.length, 3);
  assertEquals(subpaths(lines[0]!.d!).map((p) => p.length), [2], "hours 0 and 1");
  assertEquals(elements(svg, "circle", "marker").length, 6);
  assertEquals(texts(svg, "axis-label"), [
    "MAE (kWh)",
    "Hour of day (start of each interval, plant time UTC+09:00)",
  ]);
  assert(texts(svg, "tick-label").includes("12:00"));
});

Deno.test("errorByLoadTypeChart() draws a bar per model and load type with counts", () => {
  const c = compareResults(twoFiles());
  const svg = errorByLoadTypeChart(c)!;
  assertEquals(elements(svg, "rect", "bar").length, 9);
  assertEquals(texts(svg, "category-label"), [
    "Light Load (n = 4)",
    "Medium Load (n = 2)",
    "Maximum Load (n = 2)",
  ]);
  const r = results([PERSISTENCE]);
  delete r.loadType;
  assertEquals(errorByLoadTypeChart(compareResults([loaded("a", r)])), undefined);
});

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

Deno.test("reportFigures() lists the figures the results support", () => {
  assertEquals(reportFigures(compareResults(twoFiles())).map((f) => f.id), [
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
