import { join } from "node:path";
import { assertEquals } from "../../_helpers/assert.ts";
import { datasetInputFromFile } from "../../../lib/tracking/dataset_input.ts";
import { FileStore } from "../../../lib/tracking/file_store.ts";

Deno.test("datasetInputFromFile() names, digests and describes a file as MLflow records it", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const file = join(dir, "Steel_industry_data.csv");
    await Deno.writeTextFile(file, "y\n1\n2\n");
    const d = await datasetInputFromFile(file, {
      columns: [{ name: "y", type: "double" }, { name: "Load_Type", type: "string" }],
      profile: { num_rows: 2, test_rows: 1 },
      context: "test",
    });
    assertEquals(d, {
      name: "Steel_industry_data",
      // sha256("y\n1\n2\n") starts d0afd9f4 (Python hashlib)
      digest: "d0afd9f4",
      sourceType: "local",
      source: JSON.stringify({ uri: `file://${file}` }),
      schema:
        '{"mlflow_colspec":[{"type":"double","name":"y"},{"type":"string","name":"Load_Type"}]}',
      profile: '{"num_rows":2,"test_rows":1}',
      context: "test",
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the file store writes a dataset input once, in MLflow's layout and ids", async () => {
  const root = await Deno.makeTempDir();
  try {
    const RUN = "0123456789abcdef0123456789abcdef";
    const store = new FileStore(root, { newRunId: () => RUN, user: "ana" });
    const run = await store.startRun({ experiment: "e" });
    const input = {
      name: "steel_industry",
      digest: "9b1cee6f",
      sourceType: "local",
      source: '{"uri": "file:///data/steel.csv"}',
      schema: '{"mlflow_colspec": [{"type": "double", "name": "Usage_kWh"}]}',
      profile: '{"num_rows": 35040}',
      context: "test",
    };
    await run.logInputs([input]);
    await run.logInputs([input]);
    // md5("steel_industry" + "9b1cee6f") and md5(dataset_id + run_id), from Python hashlib
    const datasetId = "8479343cc757e8d94ef1652e8f788a73";
    const inputId = "2911b9578df0542e5d487817f897ad72";
    assertEquals(
      [...Deno.readDirSync(join(root, "1", "datasets"))].map((e) => e.name),
      [datasetId],
    );
    assertEquals(
      [...Deno.readDirSync(join(root, "1", RUN, "inputs"))].map((e) => e.name),
      [inputId],
    );
    assertEquals(
      await Deno.readTextFile(join(root, "1", "datasets", datasetId, "meta.yaml")),
      "digest: 9b1cee6f\n" +
        "name: steel_industry\n" +
        `profile: '{"num_rows": 35040}'\n` +
        `schema: '{"mlflow_colspec": [{"type": "double", "name": "Usage_kWh"}]}'\n` +
        `source: '{"uri": "file:///data/steel.csv"}'\n` +
        "source_type: local\n",
    );
    assertEquals(
      await Deno.readTextFile(join(root, "1", RUN, "inputs", inputId, "meta.yaml")),
      `destination_id: ${datasetId}\ndestination_type: RUN\nsource_id: ${datasetId}\n` +
        "source_type: DATASET\ntags:\n  mlflow.data.context: test\n",
    );
    await run.end();
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
