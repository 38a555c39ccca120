import { join } from "node:path";
import { assert, assertEquals, assertStrictEquals, assertThrows } from "../../_helpers/assert.ts";
import {
  latestPoint,
  parseMetricLines,
  readExperiments,
  readFileRun,
  readFileRuns,
} from "../../../lib/tracking/file_reader.ts";

/** A store as MLflow 2.x/3.x's Python FileStore writes it (hand-written). */
async function mlflowStore(root: string): Promise<void> {
  const w = async (rel: string, text: string) => {
    await Deno.mkdir(join(root, rel, ".."), { recursive: true });
    await Deno.writeTextFile(join(root, rel), text);
  };
  const exp = "843961527624390447";
  const run = "5b1e0c3e8f6a4d2b9c7d1e2f3a4b5c6d";
  await w(".trash/.keep", "");
  await w(
    "0/meta.yaml",
    `artifact_location: file://${root}/0\ncreation_time: 1700000000000\n` +
      `experiment_id: '0'\nlast_update_time: 1700000000000\nlifecycle_stage: active\nname: Default\n`,
  );
  await w(
    `${exp}/meta.yaml`,
    `artifact_location: file://${root}/${exp}\ncreation_time: 1700000000000\n` +
      `experiment_id: '${exp}'\nlast_update_time: 1700000000000\nlifecycle_stage: active\nname: py\n`,
  );
  await w(`${exp}/tags/team`, "energy");
  await w(
    `${exp}/${run}/meta.yaml`,
    `artifact_uri: file://${root}/${exp}/${run}/artifacts\n` +
      `end_time: 1700000005000\nentry_point_name: ''\nexperiment_id: '${exp}'\nlifecycle_stage: active\n` +
      `run_id: ${run}\nrun_name: clever-fox-42\nrun_uuid: ${run}\nsource_name: ''\nsource_type: 4\n` +
      `source_version: ''\nstart_time: 1700000000000\nstatus: 3\ntags: []\nuser_id: bob\n`,
  );
  await w(
    `${exp}/${run}/metrics/rmse`,
    "1700000001000 2.5 0\n1700000002000 2.0 1\n1700000000500 9.0 0\n",
  );
  await w(`${exp}/${run}/metrics/two_fields`, "1700000001000 nan\n");
  await w(`${exp}/${run}/params/lr`, "0.001");
  await w(`${exp}/${run}/params/note`, "with newline\n");
  await w(`${exp}/${run}/tags/mlflow.runName`, "clever-fox-42");
  await Deno.mkdir(join(root, exp, run, "artifacts"), { recursive: true });
  // Not runs: a deleted run, a folder without meta.yaml, a mismatching id, a non-numeric experiment.
  await w(
    `${exp}/deadbeef/meta.yaml`,
    `run_id: deadbeef\nexperiment_id: '${exp}'\nlifecycle_stage: deleted\n` +
      `start_time: 1\nend_time: null\nuser_id: ''\nstatus: 4\n`,
  );
  await w(`${exp}/nometa/params/x`, "1");
  await w(
    `${exp}/other/meta.yaml`,
    `run_id: else\nexperiment_id: '${exp}'\nstart_time: 1\nuser_id: ''\n`,
  );
  await w(`named/meta.yaml`, `experiment_id: named\nname: skipped\nlifecycle_stage: active\n`);
}

Deno.test("readFileRuns() reads a store written by MLflow itself, skipping what MLflow skips", async () => {
  const root = await Deno.makeTempDir();
  try {
    await mlflowStore(root);
    assertEquals((await readExperiments(root)).map((e) => [e.id, e.name]), [
      ["0", "Default"],
      ["843961527624390447", "py"],
    ]);
    const runs = await readFileRuns(root);
    assertStrictEquals(runs.length, 1);
    const r = runs[0]!;
    assertEquals(
      { ...r, metrics: { rmse: r.metrics.rmse } },
      {
        runId: "5b1e0c3e8f6a4d2b9c7d1e2f3a4b5c6d",
        runName: "clever-fox-42",
        experimentId: "843961527624390447",
        experimentName: "py",
        status: "FINISHED",
        startTime: 1700000000000,
        endTime: 1700000005000,
        userId: "bob",
        artifactUri: `file://${root}/843961527624390447/5b1e0c3e8f6a4d2b9c7d1e2f3a4b5c6d/artifacts`,
        artifactDir: `${root}/843961527624390447/5b1e0c3e8f6a4d2b9c7d1e2f3a4b5c6d/artifacts`,
        params: { lr: "0.001", note: "with newline\n" },
        metrics: { rmse: 2.0 },
        tags: { "mlflow.runName": "clever-fox-42" },
      },
    );
    assert(Number.isNaN(r.metrics.two_fields));
    assertEquals(await readFileRuns(root, { experiment: "Default" }), []);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("parseMetricLines() accepts 2 or 3 fields and refuses other shapes", () => {
  assertEquals(parseMetricLines("m", "5 1.5\n6 -inf 2\n"), [
    { key: "m", timestamp: 5, value: 1.5, step: 0 },
    { key: "m", timestamp: 6, value: -Infinity, step: 2 },
  ]);
  assertThrows(() => parseMetricLines("m", "1 2 3 4\n"), SyntaxError);
  assertThrows(() => parseMetricLines("m", "1 abc 0\n"), SyntaxError);
  const p = (step: number, timestamp: number, value: number) => ({
    key: "m",
    step,
    timestamp,
    value,
  });
  assertEquals(latestPoint([p(2, 5, 1), p(3, 1, 2), p(3, 0, 3)]), p(3, 1, 2));
  assertStrictEquals(latestPoint([]), undefined);
});

Deno.test("readFileRun() finds no run for an id that would leave its experiment folder", async () => {
  const root = await Deno.makeTempDir();
  try {
    await mlflowStore(root);
    const [exp] = await readExperiments(root);
    assert(exp !== undefined);
    // A meta.yaml one level up whose run_id is the traversal itself must not be read.
    await Deno.writeTextFile(
      join(root, "meta.yaml"),
      `run_id: '..'\nrun_uuid: '..'\nexperiment_id: '${exp.id}'\nstatus: 3\nlifecycle_stage: active\n`,
    );
    assertStrictEquals(await readFileRun(exp, ".."), undefined);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
