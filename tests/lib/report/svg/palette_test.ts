import { assertEquals } from "../../../_helpers/assert.ts";
import { ACTUAL_COLOR, PALETTE, seriesColor } from "../../../../lib/report/svg/palette.ts";

Deno.test("seriesColor() cycles through the palette and never returns the actual's colour", () => {
  assertEquals(seriesColor(0), "#0072B2");
  assertEquals(seriesColor(PALETTE.length + 1), PALETTE[1]);
  assertEquals(seriesColor(-1), PALETTE[PALETTE.length - 1]);
  assertEquals(new Set(PALETTE).size, PALETTE.length);
  assertEquals(PALETTE.includes(ACTUAL_COLOR), false);
});
