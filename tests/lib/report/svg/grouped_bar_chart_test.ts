import { assert, assertEquals, assertThrows } from "../../../_helpers/assert.ts";
import { groupedBarChart } from "../../../../lib/report/svg/grouped_bar_chart.ts";
import { elements, texts } from "./_parse.ts";

Deno.test("groupedBarChart() draws one bar per series in each group, with labels and legend", () => {
  const svg = groupedBarChart(["Light", "Medium", "Maximum"], [
    { name: "persistence", values: [2, 4, 8] },
    { name: "chronos-2", values: [1, NaN, 4] },
  ], { title: "MAE by load type", xLabel: "Load type", yLabel: "MAE (kWh)" });
  const bars = elements(svg, "rect", "bar");
  assertEquals(bars.map((b) => `${b["data-group"]}/${b["data-series"]}`), [
    "Light/persistence",
    "Light/chronos-2",
    "Medium/persistence",
    "Maximum/persistence",
    "Maximum/chronos-2",
  ]);
  const h = (i: number) => Number(bars[i]!.height);
  assert(Math.abs(h(3) / h(0) - 4) < 0.01, "8 is four times as tall as 2");
  assertEquals(texts(svg, "category-label"), ["Light", "Medium", "Maximum"]);
  assertEquals(texts(svg, "axis-label"), ["MAE (kWh)", "Load type"]);
  assertEquals(texts(svg, "value-label"), ["2.00", "1.00", "4.00", "8.00", "4.00"]);
  assert(svg.includes(">persistence</text>") && svg.includes(">chronos-2</text>"));
});

Deno.test("groupedBarChart() needs one value per group", () => {
  assertThrows(
    () =>
      groupedBarChart(["a", "b"], [{ name: "s", values: [1] }], {
        title: "t",
        xLabel: "x",
        yLabel: "y",
      }),
    { name: "RangeError", message: 'Cannot draw series "s": it has 1 values for 2 groups' },
  );
});
