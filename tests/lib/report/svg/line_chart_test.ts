import { assert, assertEquals } from "../../../_helpers/assert.ts";
import { lineChart } from "../../../../lib/report/svg/line_chart.ts";
import { elements, subpaths, texts } from "./_parse.ts";

Deno.test("lineChart() draws one path per series through every point, axes and legend labelled", () => {
  const svg = lineChart([
    { name: "actual", x: [0, 1, 2, 3], y: [10, 12, 11, 13] },
    { name: "forecast", x: [0, 1, 2, 3], y: [11, 11, 12, 12], dashed: true },
  ], { title: "Load", xLabel: "Step", yLabel: "Energy (kWh)", width: 600, height: 300 });
  assert(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'));
  assert(svg.includes('viewBox="0 0 600 300"'));
  assert(svg.includes("<title>Load</title>"));
  const lines = elements(svg, "path", "line");
  assertEquals(lines.map((l) => l["data-series"]), ["actual", "forecast"]);
  assertEquals(subpaths(lines[0]!.d!).map((p) => p.length), [4]);
  assertEquals(lines[1]!["stroke-dasharray"], "6 4");
  assertEquals(texts(svg, "axis-label"), ["Energy (kWh)", "Step"]);
  assertEquals(texts(svg, "chart-title"), ["Load"]);
  assert(svg.includes(">actual</text>") && svg.includes(">forecast</text>"), "legend entries");
  // y grows upwards: the larger value is drawn higher (smaller pixel y)
  const pts = subpaths(lines[0]!.d!)[0]!;
  assert(pts[3]![1] < pts[0]![1]);
  assert(pts[1]![0] > pts[0]![0]);
});

Deno.test("lineChart() breaks lines at NaN and marks isolated points", () => {
  const svg = lineChart([{ name: "s", x: [0, 1, 2, 3, 4, 5], y: [1, 2, NaN, 3, NaN, 4] }], {
    title: "Gaps",
    xLabel: "x",
    yLabel: "y",
  });
  const d = elements(svg, "path", "line")[0]!.d!;
  assertEquals(subpaths(d).map((p) => p.length), [2, 1, 1]);
  assertEquals(elements(svg, "circle", "marker").length, 2, "points 3 and 5 stand alone");
});

Deno.test("lineChart() shades a band as closed polygons under the lines", () => {
  const svg = lineChart([{
    name: "m",
    x: [0, 1, 2, 3],
    y: [5, 6, 7, 8],
    band: { lower: [4, 5, NaN, 7], upper: [6, 7, 8, 9], label: "m 10–90 %" },
  }], { title: "Band", xLabel: "x", yLabel: "y" });
  const band = elements(svg, "path", "band");
  assertEquals(band.length, 1);
  const parts = subpaths(band[0]!.d!);
  assertEquals(parts.map((p) => p.length), [4, 2], "upper and lower edges of each run");
  assertEquals(band[0]!.d!.match(/Z/g)?.length, 2);
  assert(svg.indexOf('class="band"') < svg.indexOf('class="line"'), "band drawn first");
  assert(svg.includes(">m 10–90 %</text>"));
});

Deno.test("lineChart() labels a time axis by day in the given offset", () => {
  const t0 = Date.parse("2018-11-01T00:00:00+09:00");
  const x = Array.from({ length: 7 * 96 }, (_, i) => t0 + (i + 1) * 900_000);
  const svg = lineChart([{ name: "kWh", x, y: x.map((_, i) => i % 96) }], {
    title: "Week",
    xLabel: "Time (UTC+09:00)",
    yLabel: "Energy (kWh)",
    xType: "time",
    timeOffsetMinutes: 540,
    xDomain: [t0, t0 + 7 * 86_400_000],
  });
  const ticks = texts(svg, "tick-label");
  assert(ticks.includes("Fri 02 Nov") && ticks.includes("Wed 07 Nov"), ticks.join(", "));
  assertEquals(subpaths(elements(svg, "path", "line")[0]!.d!)[0]!.length, 672);
});
