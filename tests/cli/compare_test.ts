import { assert, assertEquals, assertMatch } from "../_helpers/assert.ts";
import { captureIo } from "../../lib/cli/io.ts";
import { main } from "../../cli/compare.ts";
import { createTracker } from "../../lib/tracking/mod.ts";
import { FINETUNED, PERSISTENCE, results, twoFiles, ZERO_SHOT } from "../lib/report/_fixtures.ts";

async function withFiles(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${dir}/results`);
    for (const f of twoFiles()) {
      await Deno.writeTextFile(`${dir}/results/${f.label}_results.json`, JSON.stringify(f.results));
    }
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}

Deno.test("compare --help prints the usage and exits 0", async () => {
  const io = captureIo();
  assertEquals(await main(["--help"], io), 0);
  assertMatch(io.out.join(""), /^Compare baselines, zero-shot and fine-tuned results/);
  assertMatch(io.out.join(""), /--week YYYY-MM-DD/);
});

Deno.test("compare --help wins over a malformed week", async () => {
  const io = captureIo();
  assertEquals(await main(["--help", "--week", "1 Nov"], io), 0);
  assertMatch(io.out.join(""), /^Compare baselines/);
});

Deno.test("compare rejects unknown options and malformed weeks with exit 2", async () => {
  for (const args of [["--nope"], ["--week", "1 Nov"]]) {
    const io = captureIo();
    assertEquals(await main(args, io), 2, args.join(" "));
    assertMatch(io.err.join(""), /Usage: deno task compare/);
  }
});

Deno.test("compare prints the table and writes the Markdown, HTML and figures", async () => {
  await withFiles(async (dir) => {
    const io = captureIo();
    assertEquals(await main(["--results", `${dir}/results`, "--output", `${dir}/out`], io), 0);
    const out = io.out.join("");
    assertMatch(out, /^Model +Kind +RMSE \(kWh\)/);
    assertMatch(out, /chronos-2 fine-tuned +finetuned +2\.000\*/);
    assertMatch(out, /\* best per column/);
    assertMatch(io.err.join(""), /Compared 3 models from 2 results file\(s\)/);
    for (const f of ["model_comparison.md", "model_comparison.html"]) {
      assert(await exists(`${dir}/out/${f}`), f);
    }
    assert(await exists(`${dir}/out/model_comparison_figures/forecast_week.svg`));
    assert(await exists(`${dir}/out/model_comparison_figures/finetuning_loss.svg`));
  });
});

Deno.test("compare --json prints rows with skill, NaN as null", async () => {
  await withFiles(async (dir) => {
    const io = captureIo();
    const args = ["--results", `${dir}/results`, "--output", `${dir}/out`, "--json"];
    assertEquals(await main(args, io), 0);
    const json = JSON.parse(io.out.join(""));
    assertEquals(json.windows, 4);
    assertEquals(json.reference, "persistence");
    assertEquals(json.rows.map((r: { name: string }) => r.name), [
      "persistence",
      "chronos-2 zero-shot",
      "chronos-2 fine-tuned",
    ]);
    assertEquals(json.rows[2].values.skill, 0.5);
    assertEquals(json.rows[0].values.wql, null);
    assertEquals(json.report.html, `${dir}/out/model_comparison.html`);
  });
});

Deno.test("compare refuses results on different origins, says what differs, writes nothing", async () => {
  await withFiles(async (dir) => {
    const other = results([FINETUNED]);
    other.origins = [100, 101, 110, 111];
    await Deno.writeTextFile(`${dir}/results/x_results.json`, JSON.stringify(other));
    const io = captureIo();
    assertEquals(await main(["--results", `${dir}/results`, "--output", `${dir}/out`], io), 1);
    const err = io.err.join("");
    assertMatch(err, /^Cannot compare these results: they were not evaluated on the same windows:/);
    assertMatch(err, /origins: window 3 starts at row 102 in tuned_results, 110 in x_results/);
    assert(!err.includes("    at "), "no stack trace");
    assertEquals(await exists(`${dir}/out`), false);
  });
});

Deno.test("compare reports an --output folder it cannot create in one line, exit 1", async () => {
  await withFiles(async (dir) => {
    await Deno.writeTextFile(`${dir}/file`, "");
    const io = captureIo();
    assertEquals(await main(["--results", `${dir}/results`, "--output", `${dir}/file/out`], io), 1);
    const err = io.err.join("");
    assertEquals(err.trim().split("\n").length, 1, err);
    assert(!err.includes("    at "), "no stack trace");
  });
});

Deno.test("compare without --results compares the newest evaluation of models/foundation/ and names the rest", async () => {
  const dir = await Deno.makeTempDir();
  const cwd = Deno.cwd();
  try {
    const found = `${dir}/models/foundation`;
    await Deno.mkdir(`${found}/older`, { recursive: true });
    // One evaluation over every origin (older), and a newer one over 4 origins in two files.
    const every = results([PERSISTENCE, ZERO_SHOT], { createdAt: "2024-04-30T08:00:00Z" });
    every.origins = [100, 101, 110, 111];
    const write = (path: string, r: unknown) => Deno.writeTextFile(path, JSON.stringify(r));
    await write(`${found}/older/every_results.json`, every);
    await write(`${found}/zero_results.json`, results([PERSISTENCE, ZERO_SHOT]));
    await write(
      `${found}/tuned_results.json`,
      results([FINETUNED], { task: "finetune", createdAt: "2024-05-02T09:00:00Z" }),
    );
    Deno.chdir(dir);
    const io = captureIo();
    assertEquals(await main(["--output", `${dir}/out`, "--json"], io), 0);
    const json = JSON.parse(io.out.join(""));
    assertEquals(json.sources.map((s: { label: string }) => s.label), [
      "tuned_results",
      "zero_results",
    ]);
    const err = io.err.join("");
    assertMatch(
      err,
      /comparing the 2 file\(s\) evaluated like the newest, models\/foundation\/tuned_results\.json; left out:\n/,
    );
    assert(
      err.includes(
        "  - models/foundation/older/every_results.json: origins: window 3 starts at row 102 " +
          "in tuned_results, 110 in every_results\n",
      ),
      err,
    );
    assertMatch(err, /To compare the others, name files of one evaluation: --results FILE/);
    // Named explicitly, the same files are refused.
    const named = captureIo();
    assertEquals(
      await main(["--results", "models/foundation", "--output", `${dir}/out2`], named),
      1,
    );
    assertMatch(
      named.err.join(""),
      /^Cannot compare these results: they were not evaluated on the same windows/,
    );
    assertEquals(await exists(`${dir}/out2`), false);
  } finally {
    Deno.chdir(cwd);
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("compare says where it looked when there are no results or the week is empty", async () => {
  await withFiles(async (dir) => {
    await Deno.mkdir(`${dir}/empty`);
    let io = captureIo();
    assertEquals(await main(["--results", `${dir}/empty`], io), 1);
    assertMatch(io.err.join(""), /No results files \(\*results\*\.json\) in ".*empty"/);
    io = captureIo();
    const args = ["--results", `${dir}/results`, "--output", `${dir}/out`, "--week", "2019-01-07"];
    assertEquals(await main(args, io), 1);
    assertMatch(io.err.join(""), /Cannot plot week "2019-01-07": no forecast falls in it/);
  });
});

Deno.test("compare --experiment reads results artifacts from the tracking store", async () => {
  await withFiles(async (dir) => {
    const store = `${dir}/mlruns`;
    const tracker = createTracker({ uri: store });
    for (const [exp, models] of [["zs", [PERSISTENCE, ZERO_SHOT]], ["ft", [FINETUNED]]] as const) {
      const run = await tracker.startRun({ experiment: exp, runName: `${exp}-run` });
      const file = `${dir}/${exp}_results.json`;
      await Deno.writeTextFile(file, JSON.stringify(results([...models])));
      await run.logArtifact(file);
      await run.end();
    }
    const io = captureIo();
    const args = ["--experiment", "zs", "--experiment", "ft", "--tracking-uri", store];
    assertEquals(await main([...args, "--output", `${dir}/out`, "--json"], io), 0);
    const json = JSON.parse(io.out.join(""));
    assertEquals(json.sources.map((s: { label: string }) => s.label), ["zs/zs-run", "ft/ft-run"]);
    assertEquals(json.rows.length, 3);
  });
});

Deno.test("compare runs as a script (smoke test)", async () => {
  const cmd = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-read", "--allow-write", "--allow-env", "cli/compare.ts", "--help"],
    stdout: "piped",
    stderr: "piped",
  });
  const { code, stdout } = await cmd.output();
  assertEquals(code, 0);
  assertMatch(new TextDecoder().decode(stdout), /Usage: deno task compare/);
});

Deno.test("compare --reference no-such-model is refused with the models it could use, writes nothing", async () => {
  await withFiles(async (dir) => {
    const io = captureIo();
    const args = ["--results", `${dir}/results`, "--output", `${dir}/out`];
    assertEquals(await main([...args, "--reference", "no-such-model"], io), 1);
    const err = io.err.join("");
    assertMatch(
      err,
      /Cannot measure skill against "no-such-model": .*choose one of .*"persistence"/,
    );
    assert(!(await exists(`${dir}/out`)), "no report written");
  });
});
