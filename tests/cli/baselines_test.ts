import { withTrackingUri } from "../_helpers/tracking_env.ts";
import { assert, assertEquals, assertMatch } from "../_helpers/assert.ts";
import { assertClose } from "../_helpers/assert_close.ts";
import { captureIo } from "../../lib/cli/io.ts";
import { main } from "../../cli/baselines.ts";
import { RESULTS_SCHEMA } from "../../lib/results/schema.ts";
import { listRuns } from "../../lib/tracking/list_runs.ts";
import { realSteelPath, steelCsvPath } from "../_helpers/steel.ts";

const REAL = realSteelPath();

Deno.test("baselines --help prints the usage; bad options exit 2", async () => {
  const io = captureIo();
  assertEquals(await main(["--help"], io), 0);
  assertMatch(io.out.join(""), /Usage: deno task baselines/);
  for (
    const args of [["--split", "train"], ["--prediction-length", "0"], ["--stride", "x"], [
      "--what",
    ]]
  ) {
    const bad = captureIo();
    assertEquals(await main(args, bad), 2, args.join(" "));
    assertMatch(bad.err.join(""), /Usage: deno task baselines/);
  }
});

Deno.test("baselines --help wins over a bad option value", async () => {
  const io = captureIo();
  assertEquals(await main(["--help", "--split", "train"], io), 0);
  assertMatch(io.out.join(""), /Usage: deno task baselines/);
});

Deno.test({
  name: "baselines --split test --json reproduces dataset.md's table on the real file",
  ignore: REAL === undefined,
  fn: async () => {
    const io = captureIo();
    assertEquals(await main(["--split", "test", "--json", "--no-track", "--data", REAL!], io), 0);
    const s = JSON.parse(io.out.join(""));
    assertEquals(s.origins, 5256);
    const expected: [string, number, number, number][] = [
      ["persistence", 11.615, 5.014, 0.861],
      ["daily naive", 26.764, 14.427, 0.263],
      ["weekly naive", 24.425, 12.835, 0.386],
      ["train mean", 31.44, 27.81, -0.017],
    ];
    assertEquals(s.models.map((m: { name: string }) => m.name), expected.map((e) => e[0]));
    expected.forEach(([name, rmse, mae, r2], k) => {
      const m = s.models[k].metrics;
      const atol = name === "train mean" ? 0.005 : 0.0005;
      assertClose([m.rmse, m.mae, m.r2], [rmse, mae, r2], { atol, rtol: 0, label: name });
    });
  },
});

Deno.test("baselines prints a table and writes a results file", async () => {
  const { path } = await steelCsvPath();
  const output = await Deno.makeTempFile({ suffix: ".json" });
  try {
    const io = captureIo();
    const args = [
      "--no-track",
      "--data",
      path,
      "--split",
      "val",
      "--prediction-length",
      "4",
      "--max-predictions",
      "20",
    ];
    assertEquals(await main([...args, "--output", output], io), 0);
    const text = io.out.join("");
    assertMatch(text, /Baselines on the val split \(rows 24528–29783, 20 origins, H = 4\)/);
    for (const name of ["persistence", "daily naive", "weekly naive", "train mean"]) {
      assertMatch(text, new RegExp(`^${name}\\s+80\\s`, "m"));
    }
    const results = JSON.parse(await Deno.readTextFile(output));
    assertEquals(results.schema, RESULTS_SCHEMA);
    assertEquals(results.task, "baselines");
    assertEquals(results.origins.length, 20);
    assertEquals(results.origins[0], 24528);
    assertEquals(results.origins[19], 29784 - 4);
    assertEquals(results.models[0].point.length, 20);
    assertEquals(results.models[0].metrics.wql, null);
    assert(results.timestamps[0].endsWith("+09:00"));
  } finally {
    await Deno.remove(output);
  }
});

Deno.test("baselines tracks its run: kind, vocabulary params, every baseline's metrics, the results file", async () => {
  const { path } = await steelCsvPath();
  const dir = await Deno.makeTempDir();
  try {
    const io = captureIo();
    const args = ["--data", path, "--max-predictions", "30", "--experiment", "cli_baselines"];
    const code = await withTrackingUri(
      `${dir}/mlruns`,
      () => main([...args, "--output", `${dir}/b.json`], io),
    );
    assertEquals(code, 0);
    assertMatch(io.err.join(""), /Tracked run [0-9a-f]{32} in experiment "cli_baselines"/);
    const [run, ...more] = await listRuns({ uri: `${dir}/mlruns`, experiment: "cli_baselines" });
    assertEquals(more.length, 0);
    assertEquals(run!.status, "FINISHED");
    assertEquals(run!.tags["chronos.run_kind"], "baselines");
    assertEquals(run!.params["split"], "test");
    assertEquals(run!.params["prediction_length"], "1");
    assertEquals(run!.params["num_predictions"], "30");
    const results = JSON.parse(await Deno.readTextFile(`${dir}/b.json`));
    // Persistence under the plain names, the others prefixed; the values are the results file's.
    assertEquals(run!.metrics["rmse"], results.models[0].metrics.rmse);
    assertEquals(run!.metrics["daily_naive_rmse"], results.models[1].metrics.rmse);
    assertEquals(run!.metrics["train_mean_mae"], results.models[3].metrics.mae);
    assertEquals(run!.tags["chronos.results_path"], `${dir}/b.json`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("baselines reports a missing data file in one line, exit 1", async () => {
  const io = captureIo();
  assertEquals(await main(["--data", "/nonexistent.csv", "--no-track"], io), 1);
  assertMatch(io.err.join(""), /^Cannot find the data file "\/nonexistent.csv" given by --data/);
});

Deno.test("baselines reports an --output it cannot write in one line, exit 1", async () => {
  const { path } = await steelCsvPath();
  const file = await Deno.makeTempFile();
  try {
    const io = captureIo();
    const args = [
      "--no-track",
      "--data",
      path,
      "--max-predictions",
      "2",
      "--output",
      `${file}/results.json`,
    ];
    assertEquals(await main(args, io), 1);
    const err = io.err.join("");
    assertMatch(err, /Not a directory/);
    assertEquals(err.trim().split("\n").length, 1, err);
    assert(!err.includes("    at "), "no stack trace");
  } finally {
    await Deno.remove(file);
  }
});

Deno.test("baselines runs as a script (smoke test)", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-all",
      new URL("../../cli/baselines.ts", import.meta.url).pathname,
      "--help",
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assertEquals(out.code, 0);
  assertMatch(new TextDecoder().decode(out.stdout), /Usage: deno task baselines/);
});

Deno.test("baselines --target scores your own CSV at its own seasonal periods", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const lines = ["timestamp,load"];
    for (let i = 0; i < 24 * 7 * 8; i++) {
      const t = new Date(Date.UTC(2024, 0, 1) + i * 3_600_000).toISOString();
      lines.push(`${t},${(i % 24) + 100 * Math.floor(i / 168)}`);
    }
    const csv = `${dir}/hourly.csv`;
    await Deno.writeTextFile(csv, lines.join("\n") + "\n");
    const io = captureIo();
    const code = await main(["--data", csv, "--target", "load", "--no-track", "--json"], io);
    assertEquals(code, 0, io.err.join(""));
    const s = JSON.parse(io.out.join(""));
    assertEquals(s.maseSeasonalPeriod, 24); // one day of hourly steps
    const daily = s.models.find((m: { name: string }) => m.name === "daily naive");
    // y(t) − y(t−24) is 0 but across week boundaries (a step of 100): a small MAE, not 0
    assert(daily.metrics.mae > 0 && daily.metrics.mae < 100 / 7);
    const bad = captureIo();
    assertEquals(await main(["--data", csv, "--target", "load", "--distributed"], bad), 2);
    assertMatch(bad.err.join(""), /--distributed reads the steel data/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
