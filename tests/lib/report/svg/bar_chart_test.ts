import { assert, assertEquals } from "../../../_helpers/assert.ts";
import { barChart } from "../../../../lib/report/svg/bar_chart.ts";
import { elements, texts } from "./_parse.ts";

Deno.test("barChart() draws bars proportional to the values from zero, labelled", () => {
  const svg = barChart([
    { label: "persistence", value: 10 },
    { label: "chronos-2", value: 5 },
    { label: "none", value: NaN },
  ], { title: "RMSE", valueLabel: "RMSE (kWh)", format: (v) => `${v} kWh` });
  const bars = elements(svg, "rect", "bar");
  assertEquals(bars.map((b) => b["data-label"]), ["persistence", "chronos-2"]);
  const w = bars.map((b) => Number(b.width));
  assert(Math.abs(w[0]! / w[1]! - 2) < 0.02, `widths ${w}`);
  assertEquals(bars[0]!.x, bars[1]!.x, "both start at zero");
  assertEquals(texts(svg, "category-label"), ["persistence", "chronos-2", "none"]);
  assertEquals(texts(svg, "value-label"), ["10 kWh", "5 kWh"]);
  assert(svg.includes(">n/a</text>"));
  assertEquals(texts(svg, "axis-label"), ["RMSE (kWh)"]);
});

Deno.test("barChart() extends negative values left of zero", () => {
  const svg = barChart([{ label: "a", value: 0.5 }, { label: "b", value: -1 }], {
    title: "Skill",
    valueLabel: "Skill",
  });
  const [a, b] = elements(svg, "rect", "bar");
  assertEquals(Number(b!.x) + Number(b!.width), Number(a!.x), "b ends where a starts: at zero");
});
