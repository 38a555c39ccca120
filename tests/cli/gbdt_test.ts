import { withTrackingUri } from "../_helpers/tracking_env.ts";
import { deepEqual, equal, match, ok } from "node:assert/strict";
import { steelCsvPath } from "../_helpers/steel.ts";
import { captureIo } from "../../lib/cli/io.ts";
import { listRuns } from "../../lib/tracking/list_runs.ts";
import { loadResults } from "../../lib/results/read.ts";
import { zeroShotOrigins } from "../../lib/evaluate/zero_shot.ts";
import { main } from "../../cli/gbdt.ts";

/** Runs main() with MLFLOW_TRACKING_URI pointing at a temp store. */
async function run(args: string[], dir: string) {
  const io = captureIo();
  const code = await withTrackingUri(`${dir}/mlruns`, () => main(args, io));
  return { code, out: io.out.join(""), err: io.err.join("") };
}

Deno.test("gbdt --help prints the usage; bad options exit 2", async () => {
  const io = captureIo();
  equal(await main(["--help"], io), 0);
  match(io.out.join(""), /Usage: deno task gbdt/);
  for (
    const args of [
      ["--covariates", "future"],
      ["--prediction-length", "0"],
      ["--num-rounds", "x"],
      [
        "--nope",
      ],
    ]
  ) {
    const bad = captureIo();
    equal(await main(args, bad), 2, args.join(" "));
  }
});

Deno.test("gbdt trains, evaluates the zero-shot origins, saves the model and tracks the run", async () => {
  const { path, real } = await steelCsvPath();
  const dir = await Deno.makeTempDir();
  try {
    const r = await run(
      ["--data", path, "--output", dir, "--max-predictions", "200", "--threads", "1"],
      dir,
    );
    equal(r.code, 0, r.err);
    match(r.out, /xgboost\s+200\s/);
    const files = [...Deno.readDirSync(dir)].map((e) => e.name);
    const resultsName = files.find((f) => /^xgboost_results_\d{8}_\d{6}\.json$/.test(f));
    const modelName = files.find((f) => /^xgboost_\d{8}_\d{6}$/.test(f));
    ok(resultsName && modelName, files.join(", "));
    const { results } = await loadResults(`${dir}/${resultsName}`);
    equal(results.task, "gbdt");
    deepEqual(results.origins, zeroShotOrigins(35040, { maxPredictions: 200 }).origins);
    deepEqual(results.models.map((m) => m.name), [
      "xgboost",
      "persistence",
      "daily naive",
      "weekly naive",
    ]);
    const gbdt = results.models[0]!;
    equal(gbdt.kind, "gbdt");
    equal(gbdt.quantiles!.length, 200);
    ok(Object.keys(gbdt.featureImportance!.scores).includes("lag_1"));
    const share = Object.values(gbdt.featureImportance!.scores).reduce((a, b) => a + b, 0);
    ok(Math.abs(share - 1) < 1e-6);
    // The point forecast beats persistence on these origins (real or generated data).
    ok(gbdt.metrics.rmse < results.models[1]!.metrics.rmse, `${gbdt.metrics.rmse}`);
    if (real) ok(gbdt.metrics.rmse < 9.5, `RMSE ${gbdt.metrics.rmse} on 200 test origins`);
    const model = [...Deno.readDirSync(`${dir}/${modelName}`)].map((e) => e.name).sort();
    deepEqual(model, ["gbdt.json", "model.json", "model.onnx"]);
    const runs = await listRuns({ uri: `${dir}/mlruns`, experiment: "steel_energy_xgboost" });
    equal(runs.length, 1);
    equal(runs[0]!.status, "FINISHED");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
