/**
 * `deno task runs`: list tracked runs in a table (or JSON), from the local
 * store or an MLflow server; `deno task runs push`: replay local runs to a
 * server, idempotently.
 *
 * @module
 */

import { parseArgs, stringOption, UsageError } from "../lib/cli/args.ts";
import { type Io, processIo } from "../lib/cli/io.ts";
import { isUserError } from "../lib/cli/user_error.ts";
import { formatRunsTable, listRuns, pushRuns, resolveTrackingUri } from "../lib/tracking/mod.ts";

const USAGE = `Usage:
  deno task runs [--experiment NAME] [--sort METRIC] [--json] [--uri URI]
  deno task runs push [--run ID] [--uri URI] [--from DIR]

List tracked runs of a store, or push local runs to an MLflow server.

Options (list):
  --experiment NAME  only the runs of this experiment
  --sort METRIC      sort by a metric, ascending; --sort=-METRIC sorts descending
                     (default: newest first)
  --json             print the runs as JSON instead of a table
  --uri URI          tracking URI: an http(s) server, a folder or file: URI
                     (default: $MLFLOW_TRACKING_URI, else ./mlruns)
Options (push):
  --run ID           push only this run (even one still running)
  --uri URI          the server (default: $MLFLOW_TRACKING_URI; must be http(s)://)
  --from DIR         the local store to read (default: ./mlruns)
  -h, --help         show this help
`;

/**
 * Runs the task.
 *
 * @param args command-line arguments
 * @param io output streams
 * @returns the exit code (0 ok, 1 error, 2 usage)
 */
export async function main(args: string[], io: Io = processIo()): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs(args, {
      experiment: { type: "string" },
      sort: { type: "string" },
      json: { type: "boolean" },
      uri: { type: "string" },
      run: { type: "string" },
      from: { type: "string" },
    }, true);
    if (parsed.values.help) {
      io.stdout(USAGE);
      return 0;
    }
    const [command, ...extra] = parsed.positionals;
    if (extra.length > 0 || (command !== undefined && command !== "push")) {
      throw new UsageError(`Unknown command "${parsed.positionals.join(" ")}": use "push" or none`);
    }
    const uri = parsed.values.uri as string | undefined;
    if (command === "push") {
      for (const o of ["experiment", "sort", "json"]) {
        if (parsed.values[o] !== undefined) {
          throw new UsageError(`Option --${o} is not used by push`);
        }
      }
      const target = resolveTrackingUri(uri);
      if (target.kind !== "rest") {
        throw new UsageError(
          "Cannot push without a server: give --uri http://host:port or set MLFLOW_TRACKING_URI",
        );
      }
      const runId = parsed.values.run as string | undefined;
      const outcomes = await pushRuns({
        to: target.uri,
        from: stringOption(parsed, "from", "./mlruns"),
        ...(runId !== undefined ? { runId } : {}),
        onProgress: (m) => io.stdout(`${m}\n`),
        onWarning: (m) => io.stderr(`warning: ${m}\n`),
      });
      const pushed = outcomes.filter((o) => o.action === "pushed").length;
      const already = outcomes.filter((o) => o.action === "already-pushed").length;
      io.stderr(`${pushed} pushed, ${already} already on ${target.uri}\n`);
      return 0;
    }
    for (const o of ["run", "from"]) {
      if (parsed.values[o] !== undefined) {
        throw new UsageError(`Option --${o} is only used by push`);
      }
    }
    const experiment = parsed.values.experiment as string | undefined;
    const sort = parsed.values.sort as string | undefined;
    const runs = await listRuns({
      ...(uri !== undefined ? { uri } : {}),
      ...(experiment !== undefined ? { experiment } : {}),
      ...(sort !== undefined ? { sort } : {}),
    });
    if (parsed.values.json) io.stdout(`${JSON.stringify(runs, null, 2)}\n`);
    else io.stdout(formatRunsTable(runs, sort !== undefined ? { sort } : {}));
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`${err.message}\n\n${USAGE}`);
      return 2;
    }
    if (!isUserError(err)) throw err;
    io.stderr(`error: ${err.message}\n`);
    return 1;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
