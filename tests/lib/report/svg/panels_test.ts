import { assertEquals, assertThrows } from "../../../_helpers/assert.ts";
import { panelGrid } from "../../../../lib/report/svg/panels.ts";
import { elements } from "./_parse.ts";

const box = (w: number, h: number) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect/></svg>`;

Deno.test("panelGrid() places panels in rows and columns under a title", () => {
  const svg = panelGrid([box(100, 50), box(120, 40), box(100, 60)], { title: "Metrics", gap: 10 });
  const nested = elements(svg, "svg").slice(1);
  assertEquals(nested.map((s) => [s.x, s.y]), [["0", "36"], ["110", "36"], ["0", "96"]]);
  const root = elements(svg, "svg")[0]!;
  assertEquals([root.width, root.height], ["230", "156"]);
  assertThrows(() => panelGrid(["<g/>"], { title: "x" }), TypeError);
});
