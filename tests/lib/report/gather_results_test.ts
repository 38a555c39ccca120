import { assertEquals, assertRejects } from "../../_helpers/assert.ts";
import {
  findResultsFiles,
  loadExperimentResults,
  loadResultsFiles,
  uniqueLabels,
} from "../../../lib/report/gather_results.ts";
import { createTracker } from "../../../lib/tracking/mod.ts";
import { FINETUNED, PERSISTENCE, results, ZERO_SHOT } from "./_fixtures.ts";

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("findResultsFiles() finds *results*.json in a folder tree, sorted", async () => {
  await withDir(async (dir) => {
    await Deno.mkdir(`${dir}/a/b`, { recursive: true });
    await Deno.mkdir(`${dir}/.hidden`);
    for (const f of ["z_results_1.json", "a/chronos2_results_2.json", "a/b/results.json"]) {
      await Deno.writeTextFile(`${dir}/${f}`, "{}");
    }
    await Deno.writeTextFile(`${dir}/config.json`, "{}");
    await Deno.writeTextFile(`${dir}/.hidden/results.json`, "{}");
    await Deno.mkdir(`${dir}/mlruns/1/abc/artifacts`, { recursive: true });
    await Deno.writeTextFile(`${dir}/mlruns/1/abc/artifacts/z_results_1.json`, "{}");
    assertEquals(await findResultsFiles(dir), [
      `${dir}/a/b/results.json`,
      `${dir}/a/chronos2_results_2.json`,
      `${dir}/z_results_1.json`,
    ]);
    assertEquals(await findResultsFiles(`${dir}/config.json`), [`${dir}/config.json`]);
  });
});

Deno.test("loadResultsFiles() loads files and folders once each, and says when none is there", async () => {
  await withDir(async (dir) => {
    await Deno.mkdir(`${dir}/empty`);
    const file = `${dir}/chronos2_results_1.json`;
    await Deno.writeTextFile(file, JSON.stringify(results([ZERO_SHOT])));
    const got = await loadResultsFiles([dir, file]);
    assertEquals(got.map((f) => f.label), ["chronos2_results_1"]);
    await assertRejects(loadResultsFiles([`${dir}/empty`]), {
      name: "NotFound",
      message: new RegExp(`No results files \\(\\*results\\*\\.json\\) in "${dir}/empty"`),
    });
    await assertRejects(loadResultsFiles([`${dir}/nope`]), /no such file or folder/);
  });
});

Deno.test("uniqueLabels() prefixes the parent folder, then numbers what is still the same", () => {
  const f = (source: string) => ({ source, label: "results", results: results([]) });
  assertEquals(
    uniqueLabels([f("x/a/results.json"), f("x/b/results.json"), f("y/b/results.json")])
      .map((x) => x.label),
    ["a/results", "b/results #1", "b/results #2"],
  );
});

Deno.test("loadExperimentResults() reads the latest finished run's results artifact", async () => {
  await withDir(async (dir) => {
    const store = `${dir}/mlruns`;
    const tracker = createTracker({ uri: store });
    const log = async (name: string, file: string, body: unknown, status?: "FAILED") => {
      const run = await tracker.startRun({ experiment: "steel", runName: name });
      await Deno.writeTextFile(`${dir}/${file}`, JSON.stringify(body));
      await run.logArtifact(`${dir}/${file}`);
      await run.end(status);
      await new Promise((r) => setTimeout(r, 5)); // distinct start times
    };
    await log("old", "chronos2_results_old.json", results([PERSISTENCE]));
    await log("new", "chronos2_results_new.json", results([PERSISTENCE, ZERO_SHOT]));
    await log("broken", "chronos2_results_bad.json", results([FINETUNED]), "FAILED");
    const latest = await loadExperimentResults("steel", { uri: store });
    assertEquals(latest.map((f) => [f.label, f.results.models.length]), [["steel/new", 2]]);
    const all = await loadExperimentResults("steel", { uri: store, allRuns: true });
    assertEquals(all.map((f) => f.label), ["steel/old", "steel/new"]);
    await assertRejects(loadExperimentResults("other", { uri: store }), RangeError);
    await assertRejects(loadExperimentResults("steel", { uri: "http://127.0.0.1:9" }), {
      name: "RangeError",
      message: /tracking server "http:\/\/127\.0\.0\.1:9": --experiment reads a local store/,
    });
  });
});
