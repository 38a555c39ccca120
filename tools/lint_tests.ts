// deno-lint-ignore-file no-console -- a developer tool that reports on the terminal
/**
 * Test layout check (style.md §6.3): every non-`_` source file in lib/,
 * models/, kernels/ and cli/ has `tests/<same path>_test.ts`, or is listed
 * below with the test file that covers it (or why it needs none).
 *
 * @module
 */

import { join, relative } from "node:path";

/** Source files without a mirrored test file, and what covers them. */
const COVERED_ELSEWHERE: Record<string, string> = {
  "lib/baselines/tracked_baselines.ts": "tests/cli/baselines_test.ts",
  "lib/evaluate/forecaster.ts": "types only",
  "lib/evaluate/window_forecaster.ts": "tests/lib/evaluate/zero_shot_test.ts",
  "lib/gpu/choose_kernel.ts": "tests/lib/evaluate/zero_shot_test.ts (both kernels' paths)",
  "lib/cli/io.ts": "used by every tests/cli/*_test.ts",
  "lib/data/types.ts": "types only",
  "lib/data/series_batch.ts": "types only",
  "lib/data/csv_series_options.ts": "types only",
  "lib/distributed/queue.ts": "tests/lib/distributed/run_jobs_test.ts",
  "lib/distributed/forecaster_shards.ts": "tests/lib/distributed/distributed_baselines_test.ts",
  "lib/distributed/window_shards.ts": "tests/models/chronos2/tasks/distributed_zero_shot_test.ts",
  "models/chronos2/tasks/backtest_shard.ts":
    "tests/models/chronos2/tasks/distributed_zero_shot_test.ts",
  "models/chronos2/tasks/worker.ts": "tests/models/chronos2/tasks/distributed_zero_shot_test.ts",
  "models/chronos2/tasks/sweep_trial.ts": "tests/models/chronos2/tasks/sweep_test.ts",
  "lib/errors.ts": "classes asserted on across the suite",
  "lib/runtime/ort_c_api.ts": "tests/lib/runtime/c_api_session_test.ts",
  "lib/runtime/c_api_session.ts": "tests/lib/runtime/c_api_session_test.ts",
  "lib/runtime/tensor.ts": "types only",
  "models/chronos2/train/batch_feeds.ts":
    "tests/models/chronos2/train/graph_test.ts (every step's feeds)",
  "lib/runtime/feed_check.ts": "tests/lib/runtime/session_test.ts (both bindings)",
  "lib/net/http_error.ts": "tests/lib/net/http_test.ts",
  "lib/results/schema.ts": "types only",
  "lib/serve/forecast_service.ts": "tests/lib/serve/server_test.ts (cache, deadline, timestamps)",
  "lib/serve/handlers.ts": "tests/lib/serve/server_test.ts (every route, status and problem)",
  "lib/serve/served_model.ts": "tests/lib/serve/batcher_test.ts (rows per series)",
  "lib/serve/service_metrics.ts": "tests/lib/serve/server_test.ts (/metrics)",
  "lib/tracking/types.ts": "tests/lib/tracking/file_store_test.ts (status codes)",
  "lib/gbdt/run_gbdt.ts": "tests/cli/gbdt_test.ts",
  "lib/evaluate/kernel_paths.ts": "tests/lib/evaluate/zero_shot_test.ts",
  "models/chronos2/categorical.ts": "tests/cli/parity_test.ts (case C4)",
  "models/chronos2/convert.ts": "tests/cli/convert_test.ts",
  "models/chronos2/tasks/finetune_options.ts": "types only",
  "models/chronos2/tasks/finetune_evaluation.ts": "tests/cli/finetune_test.ts",
  "models/chronos2/tasks/forecast_csv.ts": "tests/cli/forecast_test.ts",
  "models/chronos2/layers/attention.ts": "tests/models/chronos2/graph_test.ts",
  "models/chronos2/layers/dropout.ts": "tests/models/chronos2/train/graph_test.ts",
  "models/chronos2/layers/inputs.ts": "tests/models/chronos2/graph_test.ts",
  "models/chronos2/layers/residual_block.ts": "tests/models/chronos2/graph_test.ts",
  "models/chronos2/layers/rms_norm.ts": "tests/models/chronos2/graph_test.ts",
  "models/chronos2/layers/rope.ts": "tests/models/chronos2/graph_test.ts",
  "models/chronos2/layers/singleton_attention.ts": "tests/models/chronos2/train/backend_test.ts",
  "models/chronos2/layers/weights.ts": "tests/models/chronos2/train/graph_test.ts",
  "models/chronos2/load.ts": "tests/models/chronos2/pipeline_test.ts",
  "models/chronos2/onnx_runner.ts": "tests/models/chronos2/graph_test.ts",
  "lib/optim/adam_w.ts": "tests/lib/optim/fit_test.ts",
  "lib/optim/trainer_state.ts": "types only",
  "models/chronos2/parity/harness.ts": "tests/cli/parity_test.ts",
  "models/chronos2/parity/cases.ts": "tests/cli/parity_test.ts",
  "models/chronos2/parity/checkers.ts": "tests/cli/parity_test.ts",
  "models/chronos2/parity/fixture.ts": "tests/cli/parity_test.ts",
  "models/chronos2/inputs.ts": "types only",
  "models/chronos2/predict_types.ts": "types only",
  "models/chronos2/preprocess_tasks.ts": "tests/models/chronos2/preprocess_test.ts",
  "models/chronos2/reference_forward.ts": "tests/models/chronos2/graph_test.ts",
  "models/chronos2/rollout.ts": "tests/cli/parity_test.ts (cases E1–E3)",
  "models/chronos2/train/forward.ts": "tests/models/chronos2/train/graph_test.ts",
  "models/chronos2/parity/training.ts": "tests/models/chronos2/train/graph_test.ts",
  "models/chronos2/weight_layout.ts": "tests/models/chronos2/weights_test.ts",
};

function* walk(path: string): Generator<string> {
  for (const e of Deno.readDirSync(path)) {
    const p = join(path, e.name);
    if (e.isDirectory) yield* walk(p);
    else if (e.name.endsWith(".ts")) yield p;
  }
}

function main(): number {
  const root = join(import.meta.dirname ?? ".", "..");
  const missing: string[] = [];
  for (const dir of ["lib", "models", "kernels", "cli"]) {
    for (const file of walk(join(root, dir))) {
      const rel = relative(root, file).replaceAll("\\", "/");
      const name = rel.split("/").at(-1)!;
      if (name.startsWith("_") || name === "mod.ts") continue;
      const mirrored = join(root, "tests", rel.replace(/\.ts$/, "_test.ts"));
      let exists = true;
      try {
        Deno.statSync(mirrored);
      } catch {
        exists = false;
      }
      const covered = COVERED_ELSEWHERE[rel];
      if (!exists && covered === undefined) missing.push(rel);
      if (covered?.startsWith("tests/")) {
        try {
          Deno.statSync(join(root, covered.split(" ")[0]!));
        } catch {
          missing.push(`${rel} (its covering test ${covered} does not exist)`);
        }
      }
    }
  }
  for (const m of missing) console.error(`No test for ${m}`);
  if (missing.length) {
    console.error(
      "Add tests/<same path>_test.ts, or name the covering test in tools/lint_tests.ts",
    );
  }
  return missing.length ? 1 : 0;
}

if (import.meta.main) Deno.exit(main());
