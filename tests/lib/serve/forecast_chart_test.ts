import { assert, assertEquals, assertMatch } from "../../_helpers/assert.ts";
import { forecastChart } from "../../../lib/serve/forecast_chart.ts";

const ITEM = {
  quantiles: { "0.1": [1, 2], "0.5": [3, 4], "0.9": [5, 6] },
  mean: [3, 4],
  timestamps: ["2024-01-01T03:00:00Z", "2024-01-01T04:00:00Z"],
};

Deno.test("forecastChart() draws the history, the forecast and the outer band", () => {
  const svg = forecastChart({
    target: [1, 2, null],
    timestamps: ["2024-01-01T00:00:00Z", "2024-01-01T01:00:00Z", "2024-01-01T02:00:00Z"],
  }, ITEM);
  assertMatch(svg, /^<svg/);
  assertMatch(svg, /data-series="history"/);
  assertMatch(svg, /data-series="forecast"/);
  assertMatch(svg, /10–90 % band/);
  assertMatch(svg, /Time \(UTC\)/);
});

Deno.test("forecastChart() shows the last steps only and uses step numbers without timestamps", () => {
  const target = Array.from({ length: 500 }, (_, i) => i);
  const svg = forecastChart({ target }, { quantiles: { "0.5": [1] }, mean: [1] }, {
    historySteps: 10,
  });
  assertMatch(svg, /The last 10 values/);
  assertMatch(svg, />Step</);
  assert(!svg.includes('class="band"'), "one level draws no band");
  assertEquals(svg.includes("NaN"), false);
});
