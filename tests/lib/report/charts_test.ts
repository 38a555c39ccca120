import { assert, assertEquals, assertThrows } from "../../_helpers/assert.ts";
import {
  errorByHourChart,
  errorBySegmentChart,
  forecastWeekChart,
  modelColor,
} from "../../../lib/report/charts.ts";
import { compareResults } from "../../../lib/report/comparison.ts";
import { elements, subpaths, texts } from "./svg/_parse.ts";
import { loaded, PERSISTENCE, results, twoFiles } from "./_fixtures.ts";

const LOAD_TYPE = { label: "load type", order: ["Light_Load", "Medium_Load", "Maximum_Load"] };

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

Deno.test("errorBySegmentChart() draws a bar per model and segment with counts, named as told", () => {
  const c = compareResults(twoFiles());
  const svg = errorBySegmentChart(c, { segment: LOAD_TYPE })!;
  assert(svg.includes("Mean absolute error by load type"));
  assert(svg.includes("Load type (n = scored steps)"));
  assertEquals(elements(svg, "rect", "bar").length, 9);
  assertEquals(texts(svg, "category-label"), [
    "Light Load (n = 4)",
    "Medium Load (n = 2)",
    "Maximum Load (n = 2)",
  ]);
  const r = results([PERSISTENCE]);
  delete r.loadType;
  assertEquals(errorBySegmentChart(compareResults([loaded("a", r)])), undefined);
  assert(errorBySegmentChart(c)!.includes("Mean absolute error by segment"));
});
