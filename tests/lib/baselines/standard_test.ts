import { assertEquals } from "../../_helpers/assert.ts";
import { standardBaselines } from "../../../lib/baselines/standard.ts";

Deno.test("standardBaselines() are persistence and the naive forecasts one period back", () => {
  const history = Float64Array.from({ length: 30 }, (_, t) => t);
  const [p, d, w] = standardBaselines({ seasonalPeriod: 4, weeklyPeriod: 12 });
  assertEquals([p!.name, d!.name, w!.name], ["persistence", "daily naive", "weekly naive"]);
  assertEquals(Array.from(p!.forecastHistory(history, 2)), [29, 29]);
  assertEquals(Array.from(d!.forecastHistory(history, 2)), [26, 27]); // y(t − 4)
  assertEquals(Array.from(w!.forecastHistory(history, 2)), [18, 19]); // y(t − 12)
});
