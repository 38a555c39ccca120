/**
 * `deno task convert --model DIR [--force]`: writes `model.onnx` and
 * `model.singleton.onnx` beside `config.json` + `model.safetensors`, skipping an
 * up-to-date folder.
 *
 * @module
 */

import { parseArgs, stringOption, UsageError } from "../lib/cli/args.ts";
import { type Io, processIo } from "../lib/cli/io.ts";
import { isUserError } from "../lib/cli/user_error.ts";
import { convertModel } from "../models/chronos2/convert.ts";

const USAGE = `Usage: deno task convert --model DIR [--force]

Converts DIR/config.json + DIR/model.safetensors into DIR/model.onnx (group attention) and
DIR/model.singleton.onnx (independent series); skipped when already up to date.
  --force   convert even when up to date
`;

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
  let dir: string;
  let force: boolean;
  try {
    const p = parseArgs(args, { model: { type: "string" }, force: { type: "boolean" } });
    if (p.values.help) {
      io.stdout(USAGE);
      return 0;
    }
    dir = stringOption(p, "model", "").replace(/\/+$/, "");
    if (!dir) throw new UsageError("Option --model is required");
    force = p.values.force === true;
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`${err.message}\n\n${USAGE}`);
      return 2;
    }
    throw err;
  }
  try {
    const r = await convertModel(dir, { force, onProgress: (m) => io.stderr(`${m}\n`) });
    io.stdout(`${r.converted ? "converted" : "up to date"}: ${r.files.join(" ")}\n`);
    return 0;
  } catch (err) {
    if (!isUserError(err)) throw err;
    io.stderr(`${err.message}\n`);
    return 1;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
