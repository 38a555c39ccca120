/**
 * `deno task worker`: take jobs from the queue (BullMQ on the Redis at
 * `$REDIS_URL`) and run them with the project's library: backtest shards of
 * `zero-shot --distributed` and the fine-tuning trials of `sweep`. Start any
 * number of them on any number of machines that see the same model and data
 * paths. Ctrl-C or SIGTERM stops after the jobs in flight.
 *
 * @module
 */

import { numberOption, type ParsedArgs, stringOption } from "../lib/cli/args.ts";
import { type Io, processIo } from "../lib/cli/io.ts";
import { parseCommand } from "../lib/cli/parse_command.ts";
import { reportUserError } from "../lib/cli/user_error.ts";
import { DEFAULT_REDIS_URL } from "../lib/distributed/redis_url.ts";
import { loadSteelData } from "../lib/datasets/steel.ts";
import { STEEL_SPEC } from "../lib/datasets/steel_spec.ts";
import { runWorker } from "../models/chronos2/tasks/worker.ts";
import { sweepTrialHandlers } from "../models/chronos2/tasks/sweep_trial.ts";

const USAGE = `Run distributed jobs (backtest shards, sweep trials) from a Redis queue

Usage: deno task worker [options]

Options:
  --queue NAME          queue to take jobs from (default: chronos)
  --concurrency N       jobs run at once by this process (default: 1)
  --lock-duration MS    how long a job stays with a worker that stops answering
                        before another worker retries it (default: 30000)
  -h, --help            show this help

Environment: REDIS_URL (default: ${DEFAULT_REDIS_URL}).
Every worker must see the model folders and data files at the paths the
coordinator names (a shared folder), or reach the hub and the data download.
Ctrl-C or SIGTERM stops after the jobs in flight.
`;

const OPTIONS = {
  queue: { type: "string" },
  concurrency: { type: "string" },
  "lock-duration": { type: "string" },
} as const;

function readOptions(p: ParsedArgs) {
  return {
    queue: stringOption(p, "queue", "chronos"),
    concurrency: numberOption(p, "concurrency", 1, { integer: true, min: 1 }),
    lockDurationMs: numberOption(p, "lock-duration", 30_000, { integer: true, min: 500 }),
  };
}

/**
 * Runs the task.
 *
 * @param args command-line arguments
 * @param io output streams
 * @returns the exit code (0 stopped cleanly, 1 error, 2 usage)
 */
export async function main(args: string[], io: Io = processIo()): Promise<number> {
  const cmd = parseCommand(args, io, { usage: USAGE, options: OPTIONS, read: readOptions });
  if (!cmd.ok) return cmd.exitCode;
  const ac = new AbortController();
  const stop = () => ac.abort();
  Deno.addSignalListener("SIGINT", stop);
  Deno.addSignalListener("SIGTERM", stop);
  try {
    await runWorker({
      ...cmd.options,
      redisUrl: Deno.env.get("REDIS_URL") ?? DEFAULT_REDIS_URL,
      loadData: (path) => loadSteelData(path),
      handlers: sweepTrialHandlers({
        dataset: STEEL_SPEC,
        onInfo: (line) => io.stderr(`${line}\n`),
      }),
      signal: ac.signal,
      onInfo: (line) => io.stderr(`${line}\n`),
    });
    return 0;
  } catch (err) {
    return reportUserError(err, io, "Error: ");
  } finally {
    Deno.removeSignalListener("SIGINT", stop);
    Deno.removeSignalListener("SIGTERM", stop);
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
