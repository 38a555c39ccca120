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

Deno.test("formatRunsTable() lines up runs of different kinds by the shared param names", () => {
  const zs = run("zs01", {
    params: { model: "amazon/chronos-2", context_length: "512", batch_size: "512", split: "test" },
    metrics: { rmse: 10 },
    tags: { "chronos.run_kind": "zero-shot" },
  });
  const ft = run("ft01", {
    params: { model: "amazon/chronos-2", context_length: "512", batch_size: "8", mode: "lora" },
    metrics: { rmse: 9, loss: 0.5 },
    tags: { "chronos.run_kind": "finetune" },
  });
  const text = formatRunsTable([zs, ft], { params: ["model", "batch_size", "mode"] });
  assertStrictEquals(
    text,
    [
      "run       name  kind       status    start (UTC)       time   model             batch_size  mode  rmse  loss",
      "--------  ----  ---------  --------  ----------------  -----  ----------------  ----------  ----  ----  ----",
      "zs010000  zs01  zero-shot  FINISHED  2024-01-02 03:04  1m30s  amazon/chronos-2  512         -       10     -",
      "ft010000  ft01  finetune   FINISHED  2024-01-02 03:04  1m30s  amazon/chronos-2  8           lora     9   0.5",
      "",
    ].join("\n"),
  );
  // Without a choice, the differing vocabulary params come first, in the vocabulary's order.
  const auto = formatRunsTable([zs, ft]).split("\n")[0]!;
  assertStrictEquals(auto.includes("split  batch_size  mode"), true, auto);
});
