/**
 * `deno task runs`: list tracked runs in a table (or JSON), from the local
 * store or an MLflow server; `deno task runs push`: replay local runs to a
 * server, idempotently.
 *
 * @module
 */

import { type ParsedArgs, UsageError } from "../lib/cli/args.ts";
import { type Io, processIo } from "../lib/cli/io.ts";
import { parseCommand } from "../lib/cli/parse_command.ts";
import { reportUserError } from "../lib/cli/user_error.ts";
import { redactUrl } from "../lib/net/redact.ts";
import { formatRunsTable, listRuns, pushRuns, resolveTrackingUri } from "../lib/tracking/mod.ts";

const USAGE = `Usage:
  deno task runs [--experiment NAME] [--sort METRIC] [--params A,B] [--metrics A,B] [--json] [--uri URI]
  deno task runs push [--run ID] [--uri URI] [--from DIR]

List tracked runs of a store, or push local runs to an MLflow server.

Options (list):
  --experiment NAME  only the runs of this experiment
  --sort METRIC      sort by a metric, ascending; --sort=-METRIC sorts descending
                     (default: newest first)
  --params A,B       show these params side by side (default: those that differ)
  --metrics A,B      show these metrics (default: the key metrics)
  --json             print the runs as JSON instead of a table
  --uri URI          tracking URI: an http(s) server, a folder or file: URI
                     (default: $MLFLOW_TRACKING_URI, else ./mlruns)
Options (push):
  --run ID           push only this run (even one still running)
  --uri URI          the server (default: $MLFLOW_TRACKING_URI; must be http(s)://)
  --from DIR         the local store to read (default: ./mlruns)
  -h, --help         show this help
`;

const OPTIONS = {
  experiment: { type: "string" },
  sort: { type: "string" },
  json: { type: "boolean" },
  params: { type: "string" },
  metrics: { type: "string" },
  uri: { type: "string" },
  run: { type: "string" },
  from: { type: "string" },
} as const;

/** The command (list, or push) and its options, each used only where it applies. */
function readOptions(p: ParsedArgs): { push: boolean; values: ParsedArgs["values"] } {
  const [command, ...extra] = p.positionals;
  if (extra.length > 0 || (command !== undefined && command !== "push")) {
    throw new UsageError(`Unknown command "${p.positionals.join(" ")}": use "push" or none`);
  }
  const push = command === "push";
  for (const o of push ? ["experiment", "sort", "json", "params", "metrics"] : ["run", "from"]) {
    if (p.values[o] !== undefined) {
      throw new UsageError(
        `Option --${o} ${push ? "is not used by push" : "is only used by push"}`,
      );
    }
  }
  return { push, values: p.values };
}

/**
 * Runs the task.
 *
 * @param args command-line arguments
 * @param io output streams
 * @returns the exit code (0 ok, 1 error, 2 usage)
 */
export async function main(args: string[], io: Io = processIo()): Promise<number> {
  const cmd = parseCommand(args, io, {
    usage: USAGE,
    options: OPTIONS,
    positionals: true,
    read: readOptions,
  });
  if (!cmd.ok) return cmd.exitCode;
  const { push, values } = cmd.options;
  const uri = values.uri as string | undefined;
  try {
    if (push) {
      const target = resolveTrackingUri(uri);
      if (target.kind !== "rest") {
        throw new UsageError(
          "Cannot push without a server: give --uri http://host:port or set MLFLOW_TRACKING_URI",
        );
      }
      const runId = values.run as string | undefined;
      const outcomes = await pushRuns({
        to: target.uri,
        from: typeof values.from === "string" ? values.from : "./mlruns",
        ...(runId !== undefined ? { runId } : {}),
        onProgress: (m) => io.stdout(`${m}\n`),
        onWarning: (m) => io.stderr(`warning: ${m}\n`),
      });
      const pushed = outcomes.filter((o) => o.action === "pushed").length;
      const already = outcomes.filter((o) => o.action === "already-pushed").length;
      io.stderr(`${pushed} pushed, ${already} already on ${redactUrl(target.uri)}\n`);
      return 0;
    }
    const experiment = values.experiment as string | undefined;
    const sort = values.sort as string | undefined;
    const runs = await listRuns({
      ...(uri !== undefined ? { uri } : {}),
      ...(experiment !== undefined ? { experiment } : {}),
      ...(sort !== undefined ? { sort } : {}),
    });
    if (values.json) io.stdout(`${JSON.stringify(runs, null, 2)}\n`);
    else {
      const list = (v: unknown) =>
        typeof v === "string" ? v.split(",").map((x) => x.trim()).filter((x) => x) : undefined;
      const params = list(values.params);
      const metrics = list(values.metrics);
      io.stdout(formatRunsTable(runs, {
        ...(sort !== undefined ? { sort } : {}),
        ...(params ? { params } : {}),
        ...(metrics ? { metrics } : {}),
      }));
    }
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`${err.message}\n\n${USAGE}`);
      return 2;
    }
    return reportUserError(err, io, "error: ");
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
