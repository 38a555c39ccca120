/**
 * `deno task convert --model DIR [--force] [--precision P]`: writes `model.onnx`
 * and `model.singleton.onnx` (or `model.<P>.onnx`, …) beside `config.json` +
 * `model.safetensors`, skipping an up-to-date folder.
 *
 * @module
 */

import { choiceOption, type ParsedArgs, stringOption, UsageError } from "../lib/cli/args.ts";
import { type Io, processIo } from "../lib/cli/io.ts";
import { parseCommand } from "../lib/cli/parse_command.ts";
import { reportUserError } from "../lib/cli/user_error.ts";
import { convertModel } from "../models/chronos2/convert.ts";
import { type Precision, PRECISIONS } from "../models/chronos2/precision.ts";

const USAGE = `Usage: deno task convert --model DIR [--force] [--precision P]

Converts DIR/config.json + DIR/model.safetensors into DIR/model.onnx (group attention) and
DIR/model.singleton.onnx (independent series); skipped when already up to date. The graphs
read their weights from model.safetensors (ONNX external data), so nothing is copied.
  --force         convert even when up to date
  --precision P   fp32 | int8 | bf16 (default: fp32); int8 and bf16 write model.<P>.onnx,
                  model.<P>.singleton.onnx and their reduced weights in model.<P>.onnx.data
`;

function readOptions(p: ParsedArgs): { dir: string; force: boolean; precision: Precision } {
  const dir = stringOption(p, "model", "").replace(/\/+$/, "");
  if (!dir) throw new UsageError("Option --model is required");
  return {
    dir,
    force: p.values.force === true,
    precision: choiceOption(p, "precision", PRECISIONS, "fp32"),
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
 * import { main } from "./convert.ts";
 * await main(["--model", "models/foundation/chronos-2"]);
 * ```
 */
export async function main(args: string[], io: Io = processIo()): Promise<number> {
  const cmd = parseCommand(args, io, {
    usage: USAGE,
    options: {
      model: { type: "string" },
      force: { type: "boolean" },
      precision: { type: "string" },
    },
    read: readOptions,
  });
  if (!cmd.ok) return cmd.exitCode;
  const { dir, force, precision } = cmd.options;
  try {
    const r = await convertModel(dir, {
      force,
      precision,
      onProgress: (m) => io.stderr(`${m}\n`),
    });
    io.stdout(`${r.converted ? "converted" : "up to date"}: ${r.files.join(" ")}\n`);
    return 0;
  } catch (err) {
    return reportUserError(err, io);
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
