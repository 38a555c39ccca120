import { join } from "node:path";
import { assert, assertEquals, assertRejects, assertStrictEquals } from "../../_helpers/assert.ts";
import { FileStore } from "../../../lib/tracking/file_store.ts";
import { WeightsArtifactError } from "../../../lib/tracking/validation.ts";

const T = 1700000000000;
const RUN = "0123456789abcdef0123456789abcdef";

/** Every file (with content) and folder (with a trailing slash) under `root`. */
async function tree(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  async function walk(rel: string) {
    for await (const e of Deno.readDir(join(root, rel))) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory) {
        out[`${r}/`] = "";
        await walk(r);
      } else out[r] = await Deno.readTextFile(join(root, r));
    }
  }
  await walk("");
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

Deno.test("FileStore writes the exact MLflow file-store layout (golden)", async () => {
  const root = await Deno.makeTempDir();
  try {
    const store = new FileStore(root, {
      now: () => T,
      user: "ana",
      sourceName: "cli/zero_shot.ts",
      newRunId: () => RUN,
    });
    const results = join(root, "..", `results-${RUN}.json`);
    await Deno.writeTextFile(results, '{"ok":true}');
    const run = await store.startRun({
      experiment: "steel_energy_chronos2",
      runName: "golden run",
    });
    await run.logParams({ context_length: 512, model_id: "amazon/chronos-2", covariates: false });
    await run.logParams({ context_length: "512" }); // the same value again is fine
    await run.logMetrics({ rmse: 1.5, "val/loss": NaN }, 0, { timestamp: T + 1 });
    await run.logMetrics({ rmse: Infinity, "val/loss": 0.25 }, 1, { timestamp: T + 2 });
    await run.setTags({ "chronos.run_kind": "zero-shot" });
    await run.logArtifact(results, "eval");
    await run.end();
    await Deno.remove(results);

    const uri = `file://${root}`;
    const r = `1/${RUN}`;
    const actual = await tree(root);
    const expected: Record<string, string> = {
      ".trash/": "",
      "0/": "",
      "0/meta.yaml": `artifact_location: ${uri}/0
creation_time: ${T}
experiment_id: '0'
last_update_time: ${T}
lifecycle_stage: active
name: Default
`,
      "1/": "",
      "1/meta.yaml": `artifact_location: ${uri}/1
creation_time: ${T}
experiment_id: '1'
last_update_time: ${T}
lifecycle_stage: active
name: steel_energy_chronos2
`,
      [`${r}/`]: "",
      [`${r}/artifacts/`]: "",
      [`${r}/artifacts/eval/`]: "",
      [`${r}/artifacts/eval/results-${RUN}.json`]: '{"ok":true}',
      [`${r}/meta.yaml`]: `artifact_uri: ${uri}/${r}/artifacts
deleted_time: null
end_time: ${T}
entry_point_name: ''
experiment_id: '1'
lifecycle_stage: active
run_id: ${RUN}
run_name: 'golden run'
run_uuid: ${RUN}
source_name: ''
source_type: 4
source_version: ''
start_time: ${T}
status: 3
tags: []
user_id: ana
`,
      [`${r}/metrics/`]: "",
      [`${r}/metrics/rmse`]: `${T + 1} 1.5 0\n${T + 2} inf 1\n`,
      [`${r}/metrics/val/`]: "",
      [`${r}/metrics/val/loss`]: `${T + 1} nan 0\n${T + 2} 0.25 1\n`,
      [`${r}/params/`]: "",
      [`${r}/params/context_length`]: "512",
      [`${r}/params/covariates`]: "false",
      [`${r}/params/model_id`]: "amazon/chronos-2",
      [`${r}/tags/`]: "",
      [`${r}/tags/chronos.run_kind`]: "zero-shot",
      [`${r}/tags/mlflow.runName`]: "golden run",
      [`${r}/tags/mlflow.source.name`]: "cli/zero_shot.ts",
      [`${r}/tags/mlflow.source.type`]: "LOCAL",
      [`${r}/tags/mlflow.user`]: "ana",
    };
    assertEquals(Object.keys(actual), Object.keys(expected).sort((a, b) => a.localeCompare(b)));
    for (const k of Object.keys(expected)) assertStrictEquals(actual[k], expected[k], k);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("FileStore creates empty metrics/params/artifacts folders and status RUNNING=1", async () => {
  const root = await Deno.makeTempDir();
  try {
    const store = new FileStore(root, { newRunId: () => RUN, now: () => T });
    await store.startRun({ experiment: "e", runName: "yes" });
    const t = await tree(join(root, "1", RUN));
    for (const d of ["metrics/", "params/", "artifacts/", "tags/"]) assert(d in t, d);
    const meta = t["meta.yaml"]!;
    assert(meta.includes("status: 1\n") && meta.includes("end_time: null\n"), meta);
    assert(meta.includes("run_name: 'yes'\n"), "a YAML boolean word must be quoted");
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("FileStore refuses to change a param, invalid keys and weights, writing nothing", async () => {
  const root = await Deno.makeTempDir();
  try {
    const store = new FileStore(root, { newRunId: () => RUN });
    const run = await store.startRun({ experiment: "e" });
    await run.logParams({ lr: 0.1 });
    await assertRejects(() => run.logParams({ lr: 0.2 }), /params are immutable/);
    await assertRejects(() => run.logParams({ ok: 1, "bad*key": 2 }), RangeError);
    await assertRejects(() => run.logMetrics({ "../escape": 1 }), RangeError);
    await assertRejects(() => run.logMetrics({ x: 1 }, 1.5), /whole number/);
    await assertRejects(() => run.logParams({ long: "x".repeat(6001) }), /6000/);
    const weights = join(root, "..", `m-${RUN}.safetensors`);
    await Deno.writeTextFile(weights, "");
    await assertRejects(() => run.logArtifact(weights), WeightsArtifactError);
    await Deno.remove(weights);
    const files = await tree(join(root, "1", RUN));
    assertEquals(Object.keys(files).filter((k) => !k.endsWith("/")).sort(), [
      "meta.yaml",
      "params/lr",
      "tags/mlflow.runName",
      "tags/mlflow.source.name",
      "tags/mlflow.source.type",
      "tags/mlflow.user",
    ]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("getOrCreateExperiment() gives one id per name under concurrent callers", async () => {
  const root = await Deno.makeTempDir();
  try {
    const stores = Array.from({ length: 4 }, () => new FileStore(root));
    const ids = await Promise.all(
      Array.from({ length: 12 }, (_, i) => stores[i % 4]!.getOrCreateExperiment(`exp-${i % 3}`)),
    );
    assertEquals(new Set(ids).size, 3);
    const dirs = [];
    for await (const e of Deno.readDir(root)) dirs.push(e.name);
    assertEquals(dirs.sort(), [".trash", "0", "1", "2", "3"]);
    assertStrictEquals(ids[0], ids[3]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("getOrCreateExperiment() refuses the name of a deleted experiment, as MLflow does", async () => {
  const root = await Deno.makeTempDir();
  try {
    await new FileStore(root).init();
    await Deno.mkdir(join(root, ".trash", "4"), { recursive: true });
    await Deno.writeTextFile(
      join(root, ".trash", "4", "meta.yaml"),
      "experiment_id: '4'\nname: old\nlifecycle_stage: deleted\nartifact_location: file:///x\n",
    );
    await assertRejects(() => new FileStore(root).getOrCreateExperiment("old"), /it is deleted/);
    assertStrictEquals(await new FileStore(root).getOrCreateExperiment("new"), "5");
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("resumeRun() refuses a run id that would leave the store", async () => {
  const root = await Deno.makeTempDir();
  try {
    const store = new FileStore(root);
    for (const runId of ["../x", "..", "a/b"]) {
      await assertRejects(() => store.resumeRun({ experiment: "e", runId }), RangeError);
    }
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
