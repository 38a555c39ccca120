import { assertRejects } from "../../../_helpers/assert.ts";
import { steelCsvPath } from "../../../_helpers/steel.ts";
import { runFinetuneTask } from "../../../../models/chronos2/tasks/finetune.ts";
import { STEEL_SPEC } from "../../../../lib/datasets/steel_spec.ts";

// The full flow (train, save, evaluate, track) runs in tests/cli/finetune_test.ts.
Deno.test("runFinetuneTask() names a model that is neither a folder nor a hub id", async () => {
  const data = (await steelCsvPath()).path;
  await assertRejects(
    () => runFinetuneTask({ dataset: STEEL_SPEC, model: "no-such-folder", data, tracker: false }),
    Deno.errors.NotFound,
    'Cannot find the model folder "no-such-folder"',
  );
});
