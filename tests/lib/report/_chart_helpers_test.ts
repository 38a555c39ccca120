import { assertEquals } from "../../_helpers/assert.ts";
import { pct, utcOffsetText } from "../../../lib/report/_chart_helpers.ts";

Deno.test("pct() and utcOffsetText() write levels and offsets", () => {
  assertEquals([pct(0.1), pct(0.9), pct(0.025)], ["10", "90", "2.5"]);
  assertEquals([utcOffsetText(540), utcOffsetText(-330), utcOffsetText(0)], [
    "UTC+09:00",
    "UTC−05:30",
    "UTC+00:00",
  ]);
});
