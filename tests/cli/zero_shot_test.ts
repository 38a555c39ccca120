import { withTrackingUri } from "../_helpers/tracking_env.ts";
import { resolve } from "node:path";
import { assert, assertEquals, assertMatch } from "../_helpers/assert.ts";
import { assertClose } from "../_helpers/assert_close.ts";
import { steelCsvPath } from "../_helpers/steel.ts";
import { captureIo } from "../../lib/cli/io.ts";
import { listRuns } from "../../lib/tracking/list_runs.ts";
import type { EvaluationResults } from "../../lib/results/schema.ts";
import { main } from "../../cli/zero_shot.ts";
import { recomputeMetrics } from "../lib/evaluate/_recompute.ts";

const TINY = new URL("../fixtures/chronos2-tiny", import.meta.url).pathname;

/** Runs main() with MLFLOW_TRACKING_URI pointing at a temp store; returns exit code and output. */
async function run(args: string[], dir: string) {
  const io = captureIo();
  const code = await withTrackingUri(`${dir}/mlruns`, () => main(args, io));
  return { code, out: io.out.join(""), err: io.err.join("") };
}

async function resultsIn(dir: string): Promise<{ path: string; results: EvaluationResults }[]> {
  const out = [];
  for await (const e of Deno.readDir(dir)) {
    if (/^chronos2_results_\d{8}_\d{6}(_\d+)?\.json$/.test(e.name)) {
      const path = `${dir}/${e.name}`;
      out.push({ path, results: JSON.parse(await Deno.readTextFile(path)) });
    }
  }
  return out;
}

Deno.test("zero-shot --help prints the usage with the flags and defaults", async () => {
  const io = captureIo();
  assertEquals(await main(["--help"], io), 0);
  const text = io.out.join("");
  for (
    const flag of [
      "--max-predictions N",
      "--context-length N",
      "--prediction-length N",
      "--batch-size N",
      "--model",
      "--data",
      "--split test|val",
      "--stride",
      "--covariates MODE",
      "--quantiles",
      "--device auto|cpu|webgpu",
      "--experiment",
      "--output-dir",
      "--json",
      "--target C",
      "--covariate-columns LIST",
    ]
  ) assert(text.includes(flag), flag);
  assertMatch(text, /default: 10\)/);
  assertMatch(text, /default: 512\)/);
  assertMatch(text, /models\/foundation\//);
});

Deno.test("zero-shot rejects bad options with the usage and exit code 2", async () => {
  for (
    const args of [
      ["--covariates", "future"],
      ["--max-predictions", "-1"],
      ["--quantiles", "0.1,1.5"],
      ["--split", "train"],
      ["--nope"],
      ["--data", "a.csv", "--data", "b.csv"], // several series need --distributed
      ["--distributed", "--shards", "0"],
      ["--timestamp-column", "time"], // describes a CSV, but no --target
      ["--target", "kWh"], // no --data
      ["--target", "kWh", "--data", "a.csv", "--known-columns", "hour"], // not a covariate
    ]
  ) {
    const io = captureIo();
    assertEquals(await main(args, io), 2, args.join(" "));
    assertMatch(io.err.join(""), /Usage: deno task zero-shot/);
  }
});

Deno.test("zero-shot runs on the tiny model: table, results JSON, tracked run", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const data = (await steelCsvPath()).path;
    const r = await run([
      "--model",
      TINY,
      "--data",
      data,
      "--max-predictions",
      "6",
      "--context-length",
      "96",
      "--prediction-length",
      "2",
      "--device",
      "cpu",
      "--experiment",
      "cli_zero_shot",
      "--output-dir",
      `${dir}/out`,
    ], dir);
    assertEquals(r.code, 0, r.err);
    const lines = r.out.trimEnd().split("\n");
    assertMatch(lines[0]!, /^model\s+n\s+RMSE\s+MAE\s+R²/);
    assertMatch(lines[2]!, /^chronos-2 zero-shot\s+12\s/);
    assertMatch(lines[3]!, /^persistence\s+12\s/);
    assertMatch(lines[4]!, /^daily naive\s+12\s/);
    assertMatch(lines[5]!, /^weekly naive\s+12\s/);
    assertMatch(r.err, /Window kernel: cpu \(/);
    assertMatch(r.err, /Metric kernel: cpu \(/);
    assertMatch(r.err, /Execution provider: cpu \(/);
    assertMatch(r.err, /zero-shot: 6\/6 windows \(100%\)/);

    const [file] = await resultsIn(`${dir}/out`);
    const res = file!.results;
    assertEquals(res.task, "zero-shot");
    assertEquals(res.origins.length, 6);
    assertEquals(res.config.predictionLength, 2);
    assertEquals(res.config.device, "cpu");
    assertEquals(res.config.executionProvider, "cpu");
    assertEquals(res.models[0]!.quantiles!.length, 6);
    assertEquals(res.models[0]!.quantiles![0]!.length, 9);
    assert(res.models[0]!.timing!.windowsPerSecond > 0);
    // the table's RMSE is the file's, which is the recomputed one
    const levels = res.config.quantileLevels;
    const chronos = res.models[0]!;
    const want = recomputeMetrics(res.actuals, chronos.point, chronos.quantiles, levels, NaN);
    assertClose(chronos.metrics.rmse, want.rmse, { rtol: 1e-9 });
    assertClose(chronos.metrics.wql, want.wql, { rtol: 1e-9 });
    assert(lines[2]!.includes(chronos.metrics.rmse.toFixed(3)));

    const runs = await listRuns({ uri: `${dir}/mlruns`, experiment: "cli_zero_shot" });
    assertEquals(runs.length, 1);
    assertEquals(runs[0]!.status, "FINISHED");
    assertEquals(runs[0]!.params["model"], TINY);
    assertEquals(runs[0]!.tags["chronos.model_path"], resolve(TINY));
    assertEquals(runs[0]!.params["batch_size"], "512");
    assertEquals(runs[0]!.params["device"], "cpu");
    assertEquals(runs[0]!.tags["chronos.results_path"], resolve(file!.path));
    assertClose(runs[0]!.metrics["rmse"]!, chronos.metrics.rmse, { rtol: 1e-12 });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("zero-shot --target evaluates your own CSV described by flags, in its own experiment", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const lines = ["time,load,hour"];
    for (let i = 0; i < 24 * 7 * 6; i++) {
      const local = new Date(Date.UTC(2024, 0, 1) + i * 3_600_000).toISOString().slice(0, 16);
      lines.push(`${local.replace("T", " ")},${(20 + (i % 24)).toFixed(1)},${i % 24}`);
    }
    const csv = `${dir}/My Plant.csv`;
    await Deno.writeTextFile(csv, lines.join("\n") + "\n");
    const r = await run([
      ...["--model", TINY, "--data", csv, "--target", "load", "--timestamp-column", "time"],
      ...["--date-format", "%Y-%m-%d %H:%M", "--utc-offset", "+01:00", "--frequency", "1h"],
      ...["--covariate-columns", "hour", "--known-columns", "hour", "--covariates", "past+future"],
      ...["--max-predictions", "3", "--context-length", "48", "--device", "cpu", "--json"],
      ...["--output-dir", `${dir}/out`],
    ], dir);
    assertEquals(r.code, 0, r.err);
    const res: EvaluationResults = JSON.parse(r.out);
    assertEquals(res.config.rows, ["load", "hour"]);
    assert(res.timestamps[0]!.endsWith("+01:00"));
    // the daily naive looks one day of hourly steps back: 24 rows
    const daily = res.models.find((m) => m.name === "daily naive")!;
    res.origins.forEach((o, i) => assertEquals(daily.point[i]![0], 20 + ((o - 24) % 24)));
    const runs = await listRuns({ uri: `${dir}/mlruns`, experiment: "My_Plant_chronos2" });
    assertEquals(runs.length, 1);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("zero-shot --max-predictions 0 --json covers every origin of the test split", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const data = (await steelCsvPath()).path;
    const r = await run([
      "--model",
      TINY,
      "--data",
      data,
      "--max-predictions",
      "0",
      "--device",
      "cpu",
      "--json",
      "--output-dir",
      dir,
    ], dir);
    assertEquals(r.code, 0, r.err);
    const printed: EvaluationResults = JSON.parse(r.out);
    const [file] = await resultsIn(dir);
    assertEquals(printed, file!.results);
    // 35,040 rows: the test split is rows 29,784..35,039, one origin per row
    assertEquals(printed.origins.length, 5256);
    assertEquals(printed.origins[0], 29784);
    assertEquals(printed.origins.at(-1), 35039);
    for (const m of printed.models) assertEquals(m.metrics.n, 5256);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("zero-shot explains a missing model folder, short data and a horizon past the split", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const data = (await steelCsvPath()).path;
    const missing = await run(["--model", `${dir}/no-such-model`, "--data", data], dir);
    assertEquals(missing.code, 1);
    assertMatch(missing.err, /Cannot find the model folder ".*no-such-model"/);
    assert(!missing.err.includes("    at "), "no stack trace");

    const short = await run(["--model", TINY, "--data", data, "--context-length", "40000"], dir);
    assertEquals(short.code, 1);
    assertMatch(short.err, /too short for the context length 40000/);

    const far = await run(["--model", TINY, "--data", data, "--prediction-length", "6000"], dir);
    assertEquals(far.code, 1);
    assertMatch(far.err, /prediction length 6000 goes beyond its end/);
    assert(!far.err.includes("    at "), "no stack trace");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** A stand-in for the Hugging Face hub serving the tiny fixture under one repo id. */
function fakeHub(repo: string) {
  const files: Record<string, string> = {
    "config.json": `${TINY}/config.json`,
    "model.safetensors": `${TINY}/model.safetensors`,
  };
  const seen: string[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    const path = new URL(req.url).pathname;
    seen.push(`${req.method} ${path}`);
    const m = /^\/(.+)\/resolve\/main\/(.+)$/.exec(path);
    const file = m && m[1] === repo ? files[m[2]!] : undefined;
    if (!file) return new Response("not found", { status: 404 });
    const body = await Deno.readFile(file);
    const headers = { "content-length": String(body.length) };
    return new Response(req.method === "HEAD" ? null : body, { headers });
  });
  return { server, seen, endpoint: `http://127.0.0.1:${server.addr.port}` };
}

Deno.test("zero-shot fetches and converts a hub id on first use, then reuses it", async () => {
  const dir = await Deno.makeTempDir();
  const name = `tiny-chronos-${crypto.randomUUID().slice(0, 8)}`;
  const repo = `test-org/${name}`;
  const modelDir = `models/foundation/${name}`; // the hub cache folder, relative to the cwd
  const hub = fakeHub(repo);
  const before = Deno.env.get("HF_ENDPOINT");
  Deno.env.set("HF_ENDPOINT", hub.endpoint);
  try {
    const data = (await steelCsvPath()).path;
    const args = ["--model", repo, "--data", data, "--max-predictions", "2", "--device", "cpu"];
    const first = await run([...args, "--output-dir", `${dir}/a`], dir);
    assertEquals(first.code, 0, first.err);
    assertMatch(first.err, new RegExp(`Downloading ${repo} into ${modelDir}`));
    assert((await Deno.stat(`${modelDir}/model.safetensors`)).isFile);
    assert(
      [...Deno.readDirSync(modelDir)].some((e) => e.name.endsWith(".onnx")),
      "converted to ONNX",
    );
    const gets = hub.seen.filter((s) => s.startsWith("GET")).length;
    assertEquals(gets, 2);
    const second = await run([...args, "--output-dir", `${dir}/b`], dir);
    assertEquals(second.code, 0, second.err);
    assertEquals(hub.seen.filter((s) => s.startsWith("GET")).length, gets); // no new download
    const [a] = await resultsIn(`${dir}/a`);
    const [b] = await resultsIn(`${dir}/b`);
    assertEquals(a!.results.models[0]!.point, b!.results.models[0]!.point);
    assertEquals(a!.results.config.model, repo);

    const missing = await run(["--model", "test-org/not-there", "--data", data], dir);
    assertEquals(missing.code, 1);
    assertMatch(missing.err, /Cannot get the model "test-org\/not-there": it is not a folder here/);
  } finally {
    if (before === undefined) Deno.env.delete("HF_ENDPOINT");
    else Deno.env.set("HF_ENDPOINT", before);
    await hub.server.shutdown();
    await Deno.remove(modelDir, { recursive: true }).catch(() => {});
    await Deno.remove("models/foundation/not-there", { recursive: true }).catch(() => {});
    await Deno.remove(dir, { recursive: true });
  }
});
