import { assertEquals } from "../../../_helpers/assert.ts";
import { legend } from "../../../../lib/report/svg/legend.ts";
import { elements } from "./_parse.ts";

Deno.test("legend() draws a swatch per entry and wraps within the width", () => {
  const items = [
    { label: "actual", color: "#111" },
    { label: "persistence", color: "#222", shape: "dashed" as const },
    { label: "chronos-2 10–90 %", color: "#333", shape: "band" as const },
  ];
  const wide = legend(items, { x: 0, y: 0, maxWidth: 1000 });
  const narrow = legend(items, { x: 0, y: 0, maxWidth: 120 });
  assertEquals(wide.height, 20);
  assertEquals(narrow.height, 60, "one entry per row");
  const lines = elements(wide.svg, "line");
  assertEquals(lines.map((l) => l["stroke-dasharray"]), [undefined, "6 4"]);
  assertEquals(elements(wide.svg, "rect")[0]!["fill-opacity"], "0.22");
  assertEquals(legend([], { x: 0, y: 0, maxWidth: 100 }).height, 0);
});
