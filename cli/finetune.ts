/**
 * `deno task finetune` / `deno task finetune-covariates`: fine-tune Chronos-2
 * on the steel train split (full or LoRA), save it, evaluate it on the test
 * split as the zero-shot task does (beside the untuned model), track the run
 * (`runFinetuneTask` does the work).
 *
 * @module
 */

import { DEFAULTS, FINETUNE_DEFAULTS } from "../lib/defaults.ts";
import {
  choiceOption,
  numberOption,
  type ParsedArgs,
  stringOption,
  UsageError,
} from "../lib/cli/args.ts";
import { type Io, processIo } from "../lib/cli/io.ts";
import { parseCommand } from "../lib/cli/parse_command.ts";
import { formatDuration } from "../lib/cli/progress_bar.ts";
import { reportUserError } from "../lib/cli/user_error.ts";
import { COVARIATE_MODES, type CovariateMode } from "../lib/evaluate/covariate_rows.ts";
import { interruptOnSignals, stopMessage } from "../lib/cli/interrupt.ts";
import { formatResultsTable } from "../lib/evaluate/results_table.ts";
import { type FinetuneTaskOptions, runFinetuneTask } from "../models/chronos2/tasks/finetune.ts";
import { STEEL_SPEC } from "../lib/datasets/steel_spec.ts";
import { DEVICES } from "../lib/gpu/select.ts";
import { PRECISIONS } from "../models/chronos2/precision.ts";

const USAGE = `Fine-tune Chronos-2 on the steel data, save it, evaluate it and track the run

Usage: deno task finetune [options]
       deno task finetune-covariates [options]     (the same with --covariates past)

Options:
  --model DIR|ID                   base model folder or Hugging Face id (default: amazon/chronos-2)
  --data PATH                      the steel CSV (default: $STEEL_DATA, else the cache, else a download)
  --mode full|lora                 all weights, or LoRA r=8 alpha=16 on attention q/k/v/o and
                                   the quantile head's output layer (default: full)
  --covariates none|past|past+future
                                   covariate rows of each window (default: none)
  --future-covariates              with --covariates past: calendar/tariff also as known future
  --num-steps N                    optimizer steps (default: ${FINETUNE_DEFAULTS.numSteps})
  --learning-rate X                peak rate, linear decay to 0, no warm-up (default: ${FINETUNE_DEFAULTS.learningRate})
  --warmup-steps N                 linear warm-up steps (default: ${FINETUNE_DEFAULTS.warmupSteps})
  --weight-decay X                 AdamW weight decay (default: ${FINETUNE_DEFAULTS.weightDecay})
  --batch-size N                   rows per micro-batch; tasks are added until reached (default: ${FINETUNE_DEFAULTS.batchSize})
  --gradient-accumulation-steps N  micro-batches per step (default: ${FINETUNE_DEFAULTS.gradientAccumulationSteps})
  --prediction-length N            horizon in steps (default: ${DEFAULTS.predictionLength})
  --context-length N               context steps (default: ${DEFAULTS.contextLength})
  --validate-every N               validation loss every N steps, and after the last (default: ${FINETUNE_DEFAULTS.validateEvery})
  --validation-windows N           validation windows over the validation split (default: ${FINETUNE_DEFAULTS.validationWindows})
  --checkpoint-every N             checkpoint every N steps, 0 = never (default: ${FINETUNE_DEFAULTS.checkpointEvery})
  --keep-checkpoints               keep the checkpoints once the run has finished (default: they
                                   are removed after the model is saved)
  --resume DIR                     continue from <model dir>/checkpoints/checkpoint-N
  --seed N                         seed of windows, dropout and LoRA init (default: ${FINETUNE_DEFAULTS.seed})
  --max-predictions N              test origins, as zero-shot (default: ${DEFAULTS.maxPredictions})
  --skip-zero-shot                 do not evaluate the untuned model
  --device auto|cpu|webgpu         AdamW and evaluation kernels (default: auto)
  --precision fp32|int8|bf16       precision of the evaluation's forecasts (training is fp32)
  --experiment NAME                MLflow experiment
                                   (default: ${STEEL_SPEC.experiments.finetuned}[_covariates])
  --output-dir DIR                 model folder and results file (default: models/foundation/)
  -h, --help                       show this help

Tracking goes to $MLFLOW_TRACKING_URI (an MLflow server, or a folder), else ./mlruns.
Ctrl-C (or SIGTERM, SIGHUP) stops after the step in flight and writes a checkpoint to --resume from.
`;

/** Integer flags: name, option, default, minimum. */
const INTEGERS = [
  ["num-steps", "numSteps", FINETUNE_DEFAULTS.numSteps, 1],
  ["warmup-steps", "warmupSteps", FINETUNE_DEFAULTS.warmupSteps, 0],
  ["batch-size", "batchSize", FINETUNE_DEFAULTS.batchSize, 1],
  [
    "gradient-accumulation-steps",
    "gradientAccumulationSteps",
    FINETUNE_DEFAULTS.gradientAccumulationSteps,
    1,
  ],
  ["prediction-length", "predictionLength", DEFAULTS.predictionLength, 1],
  ["context-length", "contextLength", DEFAULTS.contextLength, 1],
  ["validate-every", "validateEvery", FINETUNE_DEFAULTS.validateEvery, 0],
  ["validation-windows", "validationWindows", FINETUNE_DEFAULTS.validationWindows, 1],
  ["checkpoint-every", "checkpointEvery", FINETUNE_DEFAULTS.checkpointEvery, 0],
  ["seed", "seed", FINETUNE_DEFAULTS.seed, 0],
  ["max-predictions", "maxPredictions", DEFAULTS.maxPredictions, 0],
] as const;
const STRINGS = "model data mode covariates learning-rate weight-decay resume device precision " +
  "experiment " +
  "output-dir";
const OPTIONS = Object.fromEntries([
  ...[...STRINGS.split(" "), ...INTEGERS.map((i) => i[0])].map((
    n,
  ) => [n, { type: "string" as const }]),
  ...["future-covariates", "skip-zero-shot", "keep-checkpoints"].map((n) => [
    n,
    { type: "boolean" as const },
  ]),
]);

function readOptions(p: ParsedArgs): FinetuneTaskOptions {
  let covariates: CovariateMode = choiceOption(p, "covariates", COVARIATE_MODES, "none");
  if (p.values["future-covariates"]) {
    if (covariates === "none") {
      throw new UsageError("Option --future-covariates needs --covariates past");
    }
    covariates = "past+future";
  }
  const lr = numberOption(p, "learning-rate", FINETUNE_DEFAULTS.learningRate, { min: 0 });
  if (!(lr > 0)) throw new UsageError(`Option --learning-rate must be positive: got "${lr}"`);
  const opts: FinetuneTaskOptions = {
    dataset: STEEL_SPEC,
    model: stringOption(p, "model", "amazon/chronos-2"),
    mode: choiceOption(p, "mode", ["full", "lora"] as const, "full"),
    covariates,
    learningRate: lr,
    weightDecay: numberOption(p, "weight-decay", FINETUNE_DEFAULTS.weightDecay, { min: 0 }),
    skipZeroShot: p.values["skip-zero-shot"] === true,
    keepCheckpoints: p.values["keep-checkpoints"] === true,
    device: choiceOption(p, "device", DEVICES, "auto"),
    precision: choiceOption(p, "precision", PRECISIONS, "fp32"),
    outputDir: stringOption(p, "output-dir", "models/foundation"),
  };
  for (const [flag, key, fallback, min] of INTEGERS) {
    opts[key] = numberOption(p, flag, fallback, { integer: true, min });
  }
  for (const key of ["data", "resume", "experiment"] as const) {
    if (typeof p.values[key] === "string") opts[key] = p.values[key];
  }
  return opts;
}

/**
 * Runs the task.
 *
 * @param args command-line arguments
 * @param io output streams
 * @returns exit code: 0 done, 1 error, 2 usage, 130 interrupted (143 on SIGTERM, 129 on SIGHUP)
 */
export async function main(args: string[], io: Io = processIo()): Promise<number> {
  const cmd = parseCommand(args, io, { usage: USAGE, options: OPTIONS, read: readOptions });
  if (!cmd.ok) return cmd.exitCode;
  const opts = cmd.options;
  const log = (m: string) => io.stderr(`${m}\n`);
  const interrupt = interruptOnSignals({
    onInterrupt: (sig) => log(stopMessage(sig, "finishing the step in flight")),
    onForce: () => Deno.exit(interrupt.exitCode),
  });
  try {
    const out = await runFinetuneTask({
      ...opts,
      signal: interrupt.signal,
      onInfo: log,
      onWarning: (m) => io.stderr(`Warning: ${m}\n`),
      onStep: (p, info) => {
        const rate = info.stepsDone / Math.max(info.elapsedSeconds, 1e-9);
        const eta = (info.numSteps - p.step) / Math.max(rate, 1e-9);
        log(
          `step ${p.step}/${info.numSteps}  loss ${p.loss?.toFixed(4)}` +
            (p.valLoss !== undefined ? `  val ${p.valLoss.toFixed(4)}` : "") +
            `  lr ${p.learningRate?.toExponential(2)}  |g| ${p.gradNorm?.toFixed(3)}` +
            `  ${rate.toFixed(2)} steps/s  ETA ${formatDuration(eta)}`,
        );
      },
    });
    if (out.fit.interrupted) {
      log(`Stopped at step ${out.fit.stepsDone}; continue with --resume ${out.fit.lastCheckpoint}`);
      if (out.runId) log(`Tracked run ${out.runId} (KILLED; a resumed training continues it)`);
      return interrupt.exitCode;
    }
    const start = out.fit.history.find((p) => p.step === 0)?.valLoss;
    if (out.fit.bestValLoss !== null) {
      log(
        `Validation loss ${start?.toFixed(4) ?? "?"} -> best ${
          out.fit.bestValLoss.toFixed(4)
        } at step ${out.fit.bestStep}`,
      );
    }
    if (out.results) io.stdout(formatResultsTable(out.results));
    log(`Model: ${out.modelDir}`);
    if (out.resultsPath) log(`Results: ${out.resultsPath}`);
    if (out.runId) log(`Tracked run ${out.runId}`);
    return 0;
  } catch (err) {
    return reportUserError(err, io, "Error: ");
  } finally {
    interrupt.dispose();
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
