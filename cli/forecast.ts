/**
 * `deno task forecast --model DIR --data CSV [--prediction-length H] [--quantiles …] [--output FILE]`:
 * forecasts the end of a CSV series with Chronos-2 and writes CSV or JSON.
 *
 * @module
 */

import {
  choiceOption,
  numberOption,
  type ParsedArgs,
  stringOption,
  UsageError,
} from "../lib/cli/args.ts";
import { type Io, processIo } from "../lib/cli/io.ts";
import { parseCommand } from "../lib/cli/parse_command.ts";
import { reportUserError } from "../lib/cli/user_error.ts";
import { forecastCsv } from "../models/chronos2/tasks/forecast_csv.ts";
import { loadChronos2 } from "../models/chronos2/load.ts";
import { PRECISIONS } from "../models/chronos2/precision.ts";

const USAGE = `Usage: deno task forecast --model DIR --data CSV [options]

Forecasts the end of a CSV series with Chronos-2 (config.json + model.safetensors in DIR).
  --prediction-length H   horizon (default 64)
  --quantiles LIST        comma-separated levels (default 0.1,0.5,0.9)
  --timestamp-column C    (default "timestamp")
  --target C              target column (default "target")
  --covariates LIST       past-only covariate columns
  --known LIST            known-future covariate columns: the last H rows give their future values
  --context-length N      longest context (default: the model's)
  --date-format F         "iso" (default) or strftime-like, e.g. "%d/%m/%Y %H:%M"
  --utc-offset Z          zone of timestamps written without one, e.g. "+09:00" (default UTC)
  --midnight-end-of-day   a 00:00 timestamp closes the previous day (as in the UCI steel file)
  --output FILE           write there (.json → JSON, else CSV); default: CSV on stdout
  --format csv|json       output format when writing to stdout
  --precision P           fp32 | int8 | bf16: the encoder's matrix products (default fp32)
`;

function list(v: string): string[] {
  return v.split(",").map((s) => s.trim()).filter((s) => s.length > 0);
}

const OPTIONS = Object.fromEntries(
  [
    "model",
    "data",
    "prediction-length",
    "quantiles",
    "timestamp-column",
    "target",
    "covariates",
    "known",
    "context-length",
    "date-format",
    "utc-offset",
    "output",
    "format",
    "precision",
  ].map((name) => [name, { type: "string" as "string" | "boolean" }]),
);
OPTIONS["midnight-end-of-day"] = { type: "boolean" };

function readOptions(p: ParsedArgs) {
  const model = stringOption(p, "model", "");
  const data = stringOption(p, "data", "");
  if (!model || !data) throw new UsageError("Options --model and --data are required");
  const levels = list(stringOption(p, "quantiles", "0.1,0.5,0.9")).map(Number);
  if (levels.some((l) => !(l >= 0 && l <= 1))) {
    throw new UsageError(
      `Option --quantiles needs levels in [0, 1]: got "${stringOption(p, "quantiles", "")}"`,
    );
  }
  const format = p.values.format === undefined
    ? undefined
    : choiceOption(p, "format", ["csv", "json"] as const, "csv");
  const output = stringOption(p, "output", "");
  return {
    model,
    data,
    levels,
    output,
    precision: choiceOption(p, "precision", PRECISIONS, "fp32"),
    json: format === "json" || (format === undefined && output.endsWith(".json")),
    h: numberOption(p, "prediction-length", 64, { integer: true, min: 1 }),
    ctx: numberOption(p, "context-length", 0, { integer: true, min: 0 }),
    ts: stringOption(p, "timestamp-column", "timestamp"),
    target: stringOption(p, "target", "target"),
    covariates: list(stringOption(p, "covariates", "")),
    known: list(stringOption(p, "known", "")),
    dateFormat: stringOption(p, "date-format", "iso"),
    utcOffset: stringOption(p, "utc-offset", ""),
    midnightIsEndOfDay: p.values["midnight-end-of-day"] === true,
  };
}

/**
 * Runs the task.
 *
 * @param args command-line arguments
 * @param io output streams
 * @returns the exit code
 * @example Usage
 * ```ts ignore
 * import { main } from "./forecast.ts";
 * await main(["--model", "tests/fixtures/chronos2-tiny", "--data", "series.csv"]);
 * ```
 */
export async function main(args: string[], io: Io = processIo()): Promise<number> {
  const cmd = parseCommand(args, io, { usage: USAGE, options: OPTIONS, read: readOptions });
  if (!cmd.ok) return cmd.exitCode;
  const opts = cmd.options;
  try {
    const warn = (m: string) => io.stderr(`warning: ${m}\n`);
    const pipeline = await loadChronos2(opts.model, {
      onWarning: warn,
      precision: opts.precision,
    });
    try {
      const { levels, rows } = await forecastCsv(pipeline, opts.data, {
        timestampColumn: opts.ts,
        targetColumn: opts.target,
        covariates: opts.covariates,
        known: opts.known,
        predictionLength: opts.h,
        quantileLevels: opts.levels,
        dateFormat: opts.dateFormat,
        ...(opts.utcOffset ? { utcOffset: opts.utcOffset } : {}),
        midnightIsEndOfDay: opts.midnightIsEndOfDay,
        onWarning: warn,
        ...(opts.ctx > 0 ? { contextLength: opts.ctx } : {}),
      });
      const text = opts.json
        ? JSON.stringify({ model: opts.model, data: opts.data, levels, forecast: rows }, null, 2) +
          "\n"
        : [
          ["timestamp", "median", ...levels.map(String), "actual"].join(","),
          ...rows.map((r) => [r.timestamp, r.median, ...r.quantiles, r.actual ?? ""].join(",")),
        ].join("\n") + "\n";
      if (opts.output) {
        await Deno.writeTextFile(opts.output, text);
        io.stderr(`Wrote ${rows.length} forecast rows to ${opts.output}\n`);
      } else {
        io.stdout(text);
      }
    } finally {
      await pipeline.release();
    }
    return 0;
  } catch (err) {
    return reportUserError(err, io);
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
