import { join } from "node:path";
import { assertEquals, assertRejects, assertStrictEquals } from "../../_helpers/assert.ts";
import { readFileRuns } from "../../../lib/tracking/file_reader.ts";
import { FileStore } from "../../../lib/tracking/file_store.ts";
import { logModelPath, logResults, MODEL_PATH_TAG } from "../../../lib/tracking/log_results.ts";
import { WeightsArtifactError } from "../../../lib/tracking/validation.ts";

Deno.test("logResults() logs a JSON file; logModelPath() tags the path; weights are refused", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const run = await new FileStore(join(dir, "mlruns")).startRun({ experiment: "e" });
    await Deno.writeTextFile(join(dir, "results.json"), '{"schema":"x"}');
    await Deno.writeTextFile(join(dir, "bad.json"), "{nope");
    await Deno.writeTextFile(join(dir, "model.safetensors"), "");
    await logResults(run, join(dir, "results.json"));
    await assertRejects(() => logResults(run, join(dir, "bad.json")), SyntaxError);
    await assertRejects(
      () => run.logArtifact(join(dir, "model.safetensors")),
      WeightsArtifactError,
    );
    await logModelPath(run, join(dir, "model.safetensors"));
    await run.end();
    const [r] = await readFileRuns(join(dir, "mlruns"));
    assertStrictEquals(r!.tags[MODEL_PATH_TAG], join(dir, "model.safetensors"));
    const files = [];
    for await (const e of Deno.readDir(r!.artifactDir!)) files.push(e.name);
    assertEquals(files, ["results.json"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
