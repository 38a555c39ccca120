/**
 * Dataset inputs in the file store, laid out as MLflow's FileStore lays them
 * out: `<exp>/datasets/<dataset_id>/meta.yaml` once per dataset and
 * `<exp>/<run>/inputs/<input_id>/meta.yaml` per run input, with
 * `dataset_id = md5(name + digest)` and `input_id = md5(dataset_id + run_id)`,
 * so that a dataset logged twice to a run is recorded once.
 *
 * @module
 */

import { createHash } from "node:crypto";
import { dirname, join } from "node:path";
import { atomicWrite, readTextIfExists } from "./_fs.ts";
import { formatYaml, parseYaml } from "./_yaml.ts";
import type { DatasetInput } from "./types.ts";

/** The tag MLflow gives a dataset input to say what it was used for. */
export const DATA_CONTEXT_TAG = "mlflow.data.context";

function md5(text: string): string {
  return createHash("md5").update(text, "utf8").digest("hex");
}

/**
 * Writes dataset inputs of a run (the dataset records once per experiment).
 *
 * @param runDir the run folder (`<store>/<exp>/<run>`)
 * @param runId the run id
 * @param inputs the datasets
 */
export async function writeFileInputs(
  runDir: string,
  runId: string,
  inputs: readonly DatasetInput[],
): Promise<void> {
  const expDir = dirname(runDir);
  for (const d of inputs) {
    const datasetId = md5(d.name + d.digest);
    const datasetMeta = join(expDir, "datasets", datasetId, "meta.yaml");
    if (await readTextIfExists(datasetMeta) === undefined) {
      await atomicWrite(
        datasetMeta,
        formatYaml({
          digest: d.digest,
          name: d.name,
          profile: d.profile,
          schema: d.schema,
          source: d.source,
          source_type: d.sourceType,
        }),
      );
    }
    const inputMeta = join(runDir, "inputs", md5(datasetId + runId), "meta.yaml");
    if (await readTextIfExists(inputMeta) !== undefined) continue;
    const tags = d.context !== undefined
      ? `tags:\n  ${DATA_CONTEXT_TAG}: ${formatYaml({ v: d.context }).slice(3)}`
      : "tags: {}\n";
    await atomicWrite(
      inputMeta,
      formatYaml({
        destination_id: datasetId,
        destination_type: "RUN",
        source_id: datasetId,
        source_type: "DATASET",
      }) + tags,
    );
  }
}

/**
 * Reads back the dataset inputs of a run in the file store.
 *
 * @param runDir the run folder
 * @returns the datasets with their context tags (empty when none)
 */
export async function readFileInputs(runDir: string): Promise<DatasetInput[]> {
  const out: DatasetInput[] = [];
  let entries: Deno.DirEntry[];
  try {
    entries = await Array.fromAsync(Deno.readDir(join(runDir, "inputs")));
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return out;
    throw err;
  }
  for (const e of entries.filter((x) => x.isDirectory).sort((a, b) => a.name < b.name ? -1 : 1)) {
    const text = await readTextIfExists(join(runDir, "inputs", e.name, "meta.yaml"));
    if (text === undefined) continue;
    const [flat, tagBlock = ""] = text.split(/^tags:/m);
    const meta = parseYaml(flat!);
    const context = /^\s+mlflow\.data\.context:\s*(.+)$/m.exec(tagBlock)?.[1];
    const ds = await readTextIfExists(
      join(dirname(runDir), "datasets", String(meta.source_id), "meta.yaml"),
    );
    if (ds === undefined) continue;
    const d = parseYaml(ds);
    out.push({
      name: String(d.name ?? ""),
      digest: String(d.digest ?? ""),
      sourceType: String(d.source_type ?? ""),
      source: String(d.source ?? ""),
      schema: String(d.schema ?? ""),
      profile: String(d.profile ?? ""),
      ...(context !== undefined ? { context: String(parseYaml(`v: ${context}`).v) } : {}),
    });
  }
  return out;
}
