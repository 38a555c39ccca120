import { assertStrictEquals } from "../../_helpers/assert.ts";
import { formatRunsTable } from "../../../lib/tracking/format_runs.ts";
import type { RunSummary } from "../../../lib/tracking/types.ts";

function run(id: string, over: Partial<RunSummary>): RunSummary {
  return {
    runId: id.padEnd(32, "0"),
    runName: id,
    experimentId: "1",
    experimentName: "zs",
    status: "FINISHED",
    startTime: Date.UTC(2024, 0, 2, 3, 4),
    endTime: Date.UTC(2024, 0, 2, 3, 5, 30),
    userId: "ana",
    artifactUri: "",
    params: {},
    metrics: {},
    tags: {},
    ...over,
  };
}

Deno.test("formatRunsTable() shows differing params and key metrics, aligned", () => {
  const text = formatRunsTable([
    run("aaaa", {
      params: { context_length: "512", model_id: "m", zeta: "1" },
      metrics: { rmse: 3.14159, mae: 1, other: 5, coverage: NaN },
    }),
    run("bbbb", {
      status: "RUNNING",
      endTime: null,
      params: { context_length: "2048", model_id: "m", zeta: "2" },
      metrics: { rmse: 0.00001234, mae: 2e9 },
    }),
  ], { sort: "mae" });
  assertStrictEquals(
    text,
    [
      "run       name  status    start (UTC)       time   context_length  zeta       mae      rmse  coverage  other",
      "--------  ----  --------  ----------------  -----  --------------  ----  --------  --------  --------  -----",
      "aaaa0000  aaaa  FINISHED  2024-01-02 03:04  1m30s  512             1            1    3.1416       nan      5",
      "bbbb0000  bbbb  RUNNING   2024-01-02 03:04  -      2048            2     2.000e+9  1.234e-5         -      -",
      "",
    ].join("\n"),
  );
  assertStrictEquals(formatRunsTable([]), "No runs\n");
});
