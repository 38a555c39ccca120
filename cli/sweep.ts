/**
 * `deno task sweep --config sweep.json`: a hyperparameter sweep of
 * fine-tuning trials run by the workers of the Redis queue at `$REDIS_URL`
 * (`deno task worker`), tracked as one MLflow parent run with a child run per
 * trial; prints the trials and names the best by validation loss.
 *
 * @module
 */

import { numberOption, type ParsedArgs, stringOption, UsageError } from "../lib/cli/args.ts";
import { formatTable } from "../lib/cli/format_table.ts";
import { type Io, processIo } from "../lib/cli/io.ts";
import { parseCommand } from "../lib/cli/parse_command.ts";
import { ProgressBar } from "../lib/cli/progress_bar.ts";
import { reportUserError } from "../lib/cli/user_error.ts";
import { resolveSteelDataPath } from "../lib/datasets/steel_resolve.ts";
import { DEFAULT_REDIS_URL } from "../lib/distributed/redis_url.ts";
import { SWEEP_OPTIONS } from "../lib/distributed/sweep_plan.ts";
import { interruptOnSignals, stopMessage } from "../lib/cli/interrupt.ts";
import { createTracker } from "../lib/tracking/mod.ts";
import { runSweep } from "../models/chronos2/tasks/sweep.ts";

const USAGE = `Run a hyperparameter sweep of fine-tuning trials on the workers of a Redis queue

Usage: deno task sweep --config sweep.json [options]

Options:
  --config FILE          the sweep: {"method": "grid"|"random", "trials": N, "seed": S,
                         "parameters": {"learningRate": [1e-5, 1e-4], "mode": ["full", "lora"],
                         "contextLength": {"min": 256, "max": 512, "integer": true}, ...},
                         "fixed": {"numSteps": 20, "validateEvery": 10, ...}}
                         options (searched or fixed): ${SWEEP_OPTIONS.join(" ")}
  --model DIR|ID         base model (default: amazon/chronos-2)
  --data PATH            the steel CSV every worker reads (default: $STEEL_DATA, else the
                         cache, else a download)
  --queue NAME           queue of the workers (default: chronos)
  --experiment NAME      MLflow experiment (default: steel_energy_chronos2_sweep)
  --output-dir DIR       trials' model folders and the summary (default: models/foundation)
  --max-predictions N    test origins of each trial's evaluation; 0 = all (default: 10)
  --keep-all             keep every trial's model folder (default: only the best's)
  -h, --help             show this help

Environment: REDIS_URL (default: ${DEFAULT_REDIS_URL}). Start workers with deno task worker.
`;

const OPTIONS = {
  config: { type: "string" },
  model: { type: "string" },
  data: { type: "string" },
  queue: { type: "string" },
  experiment: { type: "string" },
  "output-dir": { type: "string" },
  "max-predictions": { type: "string" },
  "keep-all": { type: "boolean" },
} as const;

function readOptions(p: ParsedArgs) {
  const config = p.values.config;
  if (typeof config !== "string") {
    throw new UsageError("Option --config is required: name the sweep JSON file");
  }
  return {
    configPath: config,
    model: stringOption(p, "model", "amazon/chronos-2"),
    ...(typeof p.values.data === "string" ? { data: p.values.data } : {}),
    queue: stringOption(p, "queue", "chronos"),
    experiment: stringOption(p, "experiment", "steel_energy_chronos2_sweep"),
    outputDir: stringOption(p, "output-dir", "models/foundation"),
    maxPredictions: numberOption(p, "max-predictions", 10, { integer: true, min: 0 }),
    keepAll: p.values["keep-all"] === true,
  };
}

/**
 * Runs the task.
 *
 * @param args command-line arguments
 * @param io output streams
 * @returns the exit code (0 ok, 1 error, 2 usage, 130 interrupted; 143 on SIGTERM, 129 on SIGHUP)
 */
export async function main(args: string[], io: Io = processIo()): Promise<number> {
  const cmd = parseCommand(args, io, { usage: USAGE, options: OPTIONS, read: readOptions });
  if (!cmd.ok) return cmd.exitCode;
  const { configPath, data: dataArg, ...opts } = cmd.options;
  const log = (m: string) => io.stderr(`${m}\n`);
  const interrupt = interruptOnSignals({
    onInterrupt: (sig) => log(stopMessage(sig, "cancelling the trials not started")),
    onForce: () => Deno.exit(interrupt.exitCode),
  });
  let bar: ProgressBar | undefined;
  try {
    let config: unknown;
    try {
      config = JSON.parse(await Deno.readTextFile(configPath));
    } catch (err) {
      throw new SyntaxError(
        `Cannot read the sweep config "${configPath.slice(0, 200)}": ${
          (err as Error).message.slice(0, 200)
        }`,
      );
    }
    const warn = (m: string) => io.stderr(`Warning: ${m}\n`);
    const data = await resolveSteelDataPath({
      ...(dataArg ? { data: dataArg } : {}),
      onWarning: warn,
    });
    const out = await runSweep({
      ...opts,
      config,
      data,
      redisUrl: Deno.env.get("REDIS_URL") ?? DEFAULT_REDIS_URL,
      tracker: createTracker({ onWarning: warn }),
      signal: interrupt.signal,
      onInfo: log,
      onProgress: (done, total) => {
        bar ??= new ProgressBar({
          total,
          unit: "trials",
          label: "sweep",
          write: io.stderr,
          isTerminal: io.isTerminal,
        });
        bar.update(done);
      },
    });
    bar?.finish();
    const keys = [...new Set(out.trials.flatMap((t) => Object.keys(t.options)))];
    io.stdout(formatTable(
      ["trial", ...keys, "best val loss", "test rmse", "seconds"],
      out.trials.map((t) => [
        `${t.index}${t === out.best ? " *" : ""}`,
        ...keys.map((k) => {
          const v = t.options[k];
          return typeof v === "number" ? String(Number(v.toPrecision(3))) : String(v ?? "");
        }),
        t.bestValLoss === null ? "-" : t.bestValLoss.toFixed(5),
        t.rmse === undefined ? "-" : t.rmse.toFixed(3),
        t.seconds.toFixed(1),
      ]),
    ));
    log(
      `Best trial: ${out.best.index} (validation loss ${out.best.bestValLoss}), model ${out.best.modelDir}`,
    );
    if (out.best.resultsPath) {
      log(`Compare it: deno task compare --results ${out.best.resultsPath}`);
    }
    log(`Summary: ${out.summaryPath}`);
    if (out.parentRunId) {
      log(`Tracked parent run ${out.parentRunId} in experiment "${opts.experiment}"`);
    }
    return 0;
  } catch (err) {
    bar?.finish();
    if (err instanceof DOMException && err.name === "AbortError") {
      log(err.message);
      return interrupt.exitCode;
    }
    return reportUserError(err, io, "Error: ");
  } finally {
    interrupt.dispose();
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
