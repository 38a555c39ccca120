import { deepEqual, equal, match, ok } from "node:assert/strict";
import { steelCsvPath } from "../_helpers/steel.ts";
import { captureIo } from "../../lib/cli/io.ts";
import { loadResults } from "../../lib/results/read.ts";
import { main as gbdt } from "../../cli/gbdt.ts";
import { main } from "../../cli/ensemble.ts";

Deno.test("ensemble --help prints the usage; no --results exits 2", async () => {
  const io = captureIo();
  equal(await main(["--help"], io), 0);
  match(io.out.join(""), /Usage: deno task ensemble/);
  const bad = captureIo();
  equal(await main([], bad), 2);
  match(bad.err.join(""), /--results/);
  equal(await main(["--what"], captureIo()), 2);
});

Deno.test("ensemble combines two GBDTs fitted on validation and evaluates them on test", async () => {
  const { path } = await steelCsvPath();
  const dir = await Deno.makeTempDir();
  const before = Deno.env.get("MLFLOW_TRACKING_URI");
  Deno.env.set("MLFLOW_TRACKING_URI", `${dir}/mlruns`);
  try {
    for (const split of ["val", "test"]) {
      for (const covariates of ["past+future", "none"]) {
        const io = captureIo();
        const args = [
          "--data",
          path,
          "--output",
          dir,
          "--split",
          split,
          "--covariates",
          covariates,
        ];
        const code = await gbdt([...args, "--max-predictions", "300", "--threads", "1"], io);
        equal(code, 0, io.err.join(""));
      }
    }
    const io = captureIo();
    equal(await main(["--results", dir, "--output", `${dir}/ensembles`], io), 0, io.err.join(""));
    const out = io.out.join("");
    match(out, /ensemble \(weighted\)\s+300\s/);
    match(out, /ensemble \(stacked\): \(intercept\)/);
    const name = [...Deno.readDirSync(`${dir}/ensembles`)].find((e) =>
      e.name.endsWith(".json")
    )!.name;
    const { results } = await loadResults(`${dir}/ensembles/${name}`);
    deepEqual(results.config.members, ["xgboost", "xgboost (covariates none)"]);
    const rmse = Object.fromEntries(results.models.map((m) => [m.name, m.metrics.rmse]));
    ok(rmse["ensemble (weighted)"]! < rmse["persistence"]!, JSON.stringify(rmse));
    equal(results.links?.experiment, "steel_energy_ensemble");
  } finally {
    if (before === undefined) Deno.env.delete("MLFLOW_TRACKING_URI");
    else Deno.env.set("MLFLOW_TRACKING_URI", before);
    await Deno.remove(dir, { recursive: true });
  }
});
