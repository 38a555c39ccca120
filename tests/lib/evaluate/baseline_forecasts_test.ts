import { assertEquals, assertThrows } from "../../_helpers/assert.ts";
import { baselineForecasts } from "../../../lib/evaluate/baseline_forecasts.ts";

Deno.test("baselineForecasts() gives each baseline the history before each origin", () => {
  const target = Float64Array.from({ length: 20 }, (_, t) => t * t);
  const seen: number[] = [];
  const spy = {
    name: "spy",
    forecast(history: Float64Array, n: number) {
      seen.push(history.length);
      return Float64Array.from({ length: n }, (_, h) => history[history.length - 1]! + h);
    },
  };
  const [b] = baselineForecasts(target, [5, 12], 2, [spy]);
  assertEquals(seen, [5, 12]);
  assertEquals(Array.from(b!.point), [16, 17, 121, 122]);
  assertEquals(b!.name, "spy");
});

Deno.test("baselineForecasts() rejects a forecast of the wrong length", () => {
  const bad = { name: "bad", forecast: () => new Float64Array(1) };
  assertThrows(
    () => baselineForecasts(new Float64Array(10), [5], 3, [bad]),
    /"bad" returned 1 values for a horizon of 3/,
  );
});
