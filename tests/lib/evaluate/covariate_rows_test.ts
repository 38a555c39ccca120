import { assertEquals, assertThrows } from "../../_helpers/assert.ts";
import { type CovariateColumn, windowRows } from "../../../lib/evaluate/covariate_rows.ts";

// The steel covariates in the data module's order, with hand-picked values.
const NAMES: [string, boolean][] = [
  ["WeekStatus", true],
  ["Load_Type_Maximum_Load", true],
  ["Load_Type_Medium_Load", true],
  ["NSM", true],
  ["CO2(tCO2)", false],
  ["Lagging_Current_Reactive.Power_kVarh", false],
  ["Leading_Current_Reactive_Power_kVarh", false],
  ["Lagging_Current_Power_Factor", false],
  ["Leading_Current_Power_Factor", false],
];
const T = 6;
const covariates: CovariateColumn[] = NAMES.map(([name, known], k) => ({
  name,
  knownInAdvance: known,
  values: Array.from({ length: T }, (_, t) => 100 * (k + 1) + t),
}));
const data = { targetName: "Usage_kWh", target: [1.5, 2.5, 3.5, 4.5, 5.5, 6.5], covariates };

Deno.test("windowRows() gives the target alone without covariates", () => {
  const r = windowRows(data, "none");
  assertEquals(r.names, ["Usage_kWh"]);
  assertEquals(r.futureKnown, [false]);
  assertEquals(Array.from(r.series[0]!), [1.5, 2.5, 3.5, 4.5, 5.5, 6.5]);
  assertEquals([r.pastOnly, r.knownFuture], [0, 0]);
});

Deno.test("windowRows() gives all 9 covariates as past-only rows in past mode", () => {
  const r = windowRows(data, "past");
  assertEquals(r.names, ["Usage_kWh", ...NAMES.map(([n]) => n)]);
  assertEquals(r.futureKnown, new Array(10).fill(false));
  assertEquals([r.pastOnly, r.knownFuture], [9, 0]);
  assertEquals(Array.from(r.series[5]!), [500, 501, 502, 503, 504, 505]); // CO2 row
});

Deno.test("windowRows() orders target, measurements, then calendar rows in past+future mode", () => {
  const r = windowRows(data, "past+future");
  assertEquals(r.names, [
    "Usage_kWh",
    "CO2(tCO2)",
    "Lagging_Current_Reactive.Power_kVarh",
    "Leading_Current_Reactive_Power_kVarh",
    "Lagging_Current_Power_Factor",
    "Leading_Current_Power_Factor",
    "WeekStatus",
    "Load_Type_Maximum_Load",
    "Load_Type_Medium_Load",
    "NSM",
  ]);
  assertEquals(r.futureKnown, [false, false, false, false, false, false, true, true, true, true]);
  assertEquals([r.pastOnly, r.knownFuture], [5, 4]);
  assertEquals(Array.from(r.series[1]!), [500, 501, 502, 503, 504, 505]); // CO2
  assertEquals(Array.from(r.series[9]!), [400, 401, 402, 403, 404, 405]); // NSM
});

Deno.test("windowRows() rejects unequal lengths and unknown modes", () => {
  const bad = { ...data, covariates: [{ name: "x", values: [1], knownInAdvance: false }] };
  assertThrows(() => windowRows(bad, "past"), /covariate "x" has 1 values/);
  assertThrows(() => windowRows(data, "future" as never), TypeError);
});

// One hand-built window per mode through the real window kernel (CPU path):
// origin 4, context 3, horizon 2 over the 6-row series above.
Deno.test("each covariate mode gives the right window rows and future values", async () => {
  const { windowGatherCpu } = await import("../../../kernels/window_gather.ts");
  const N = NaN;
  const cut = (mode: "none" | "past" | "past+future") => {
    const r = windowRows(data, mode);
    const b = windowGatherCpu({
      series: r.series,
      origins: [4],
      contextLength: 3,
      predictionLength: 2,
      futureKnown: r.futureKnown,
    });
    const rows = r.names.map((name, i) => ({
      name,
      context: Array.from(b.context.subarray(i * 3, i * 3 + 3)),
      future: Array.from(b.future.subarray(i * 2, i * 2 + 2)),
    }));
    return { rows, target: Array.from(b.target), groups: Array.from(b.groupIds) };
  };
  const none = cut("none");
  assertEquals(none.rows, [{ name: "Usage_kWh", context: [2.5, 3.5, 4.5], future: [N, N] }]);
  assertEquals(none.target, [5.5, 6.5]);

  const past = cut("past");
  assertEquals(past.rows.length, 10);
  assertEquals(past.groups, new Array(10).fill(0));
  assertEquals(past.rows[4], { name: "NSM", context: [401, 402, 403], future: [N, N] });
  assertEquals(past.rows[5], { name: "CO2(tCO2)", context: [501, 502, 503], future: [N, N] });
  for (const row of past.rows) assertEquals(row.future, [N, N]);

  const both = cut("past+future");
  assertEquals(both.rows[0], { name: "Usage_kWh", context: [2.5, 3.5, 4.5], future: [N, N] });
  assertEquals(both.rows[1], { name: "CO2(tCO2)", context: [501, 502, 503], future: [N, N] });
  assertEquals(both.rows[5], {
    name: "Leading_Current_Power_Factor",
    context: [901, 902, 903],
    future: [N, N],
  });
  assertEquals(both.rows[6], { name: "WeekStatus", context: [101, 102, 103], future: [104, 105] });
  assertEquals(both.rows[9], { name: "NSM", context: [401, 402, 403], future: [404, 405] });
  assertEquals(both.target, [5.5, 6.5]);
});
