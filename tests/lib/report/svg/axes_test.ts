import { assert, assertEquals } from "../../../_helpers/assert.ts";
import { xAxis, yAxis } from "../../../../lib/report/svg/axes.ts";
import { linearScale } from "../../../../lib/report/svg/scale.ts";
import { elements, texts } from "./_parse.ts";

const area = { left: 60, top: 20, width: 200, height: 100 };

Deno.test("xAxis() puts a labelled tick at each value and a title under the axis", () => {
  const svg = xAxis(area, linearScale([0, 10], [60, 260]), {
    label: "Hour of day",
    ticks: [0, 5, 10],
    format: (v) => `${v}h`,
  });
  assertEquals(texts(svg, "tick-label"), ["0h", "5h", "10h"]);
  assertEquals(texts(svg, "axis-label"), ["Hour of day"]);
  const grid = elements(svg, "line").filter((l) => l.y1 === "20");
  assertEquals(grid.map((l) => l.x1), ["60", "160", "260"]);
});

Deno.test("yAxis() rotates its title and can leave out the grid", () => {
  const svg = yAxis(area, linearScale([0, 50], [120, 20]), {
    label: "Energy (kWh)",
    ticks: [0, 25, 50],
    format: String,
    grid: false,
  });
  assertEquals(texts(svg, "tick-label"), ["0", "25", "50"]);
  assertEquals(texts(svg, "axis-label"), ["Energy (kWh)"]);
  assert(svg.includes("rotate(-90"));
  assertEquals(elements(svg, "line").length, 1, "only the axis line");
});
