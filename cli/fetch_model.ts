/**
 * `deno task fetch-model [--repo amazon/chronos-2] [--revision REV] [--dir DIR]`:
 * downloads config.json and model.safetensors from the Hugging Face hub
 * (HF_ENDPOINT, HF_TOKEN; resumes; verifies SHA-256), then converts.
 *
 * @module
 */

import { type ParsedArgs, stringOption, UsageError } from "../lib/cli/args.ts";
import { type Io, processIo } from "../lib/cli/io.ts";
import { parseCommand } from "../lib/cli/parse_command.ts";
import { reportUserError } from "../lib/cli/user_error.ts";
import { convertModel } from "../models/chronos2/convert.ts";
import { checkRepoId, defaultModelDir, downloadModel } from "../models/chronos2/hub.ts";
import { interruptOnSignals, stopMessage } from "../lib/cli/interrupt.ts";

const USAGE =
  `Usage: deno task fetch-model [--repo amazon/chronos-2] [--revision REV] [--dir DIR] [--no-convert]

Downloads config.json and model.safetensors from the Hugging Face hub (HF_ENDPOINT and HF_TOKEN
are honoured; an interrupted download resumes; the SHA-256 the hub reports is verified), then
converts them to ONNX.
  --repo R        repository (default amazon/chronos-2)
  --revision REV  branch, tag or commit (default main)
  --dir DIR       target folder (default models/foundation/<name>)
  --no-convert    only download
`;

const OPTIONS = {
  repo: { type: "string" },
  revision: { type: "string" },
  dir: { type: "string" },
  "no-convert": { type: "boolean" },
} as const;

function readOptions(p: ParsedArgs) {
  const repo = stringOption(p, "repo", "amazon/chronos-2");
  try {
    checkRepoId(repo);
  } catch (err) {
    throw new UsageError(`Option --repo: ${(err as Error).message}`);
  }
  return {
    repo,
    revision: stringOption(p, "revision", "main"),
    dir: stringOption(p, "dir", defaultModelDir(repo)),
    convert: p.values["no-convert"] !== true,
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
 * import { main } from "./fetch_model.ts";
 * await main(["--repo", "autogluon/chronos-2-small"]);
 * ```
 */
export async function main(args: string[], io: Io = processIo()): Promise<number> {
  const cmd = parseCommand(args, io, { usage: USAGE, options: OPTIONS, read: readOptions });
  if (!cmd.ok) return cmd.exitCode;
  const { repo, revision, dir, convert } = cmd.options;
  const interrupt = interruptOnSignals({
    onInterrupt: (sig) =>
      io.stderr(`${stopMessage(sig, "stopping the download; run again to resume")}\n`),
    onForce: () => Deno.exit(interrupt.exitCode),
  });
  try {
    let last = "";
    await downloadModel({
      repo,
      revision,
      dir,
      signal: interrupt.signal,
      onProgress: (file, got, total) => {
        const pct = total > 0 ? Math.floor((100 * got) / total) : -1;
        if (`${file}:${pct}` !== last && (pct % 10 === 0 || got === total)) {
          last = `${file}:${pct}`;
          io.stderr(
            `${file}: ${(got / 1e6).toFixed(1)} MB${
              total > 0 ? ` of ${(total / 1e6).toFixed(1)} MB (${pct}%)` : ""
            }\n`,
          );
        }
      },
    });
    io.stderr(`Downloaded ${repo}@${revision} into ${dir}\n`);
    if (convert) await convertModel(dir, { onProgress: (m) => io.stderr(`${m}\n`) });
    io.stdout(`${dir}\n`);
    return 0;
  } catch (err) {
    const code = reportUserError(err, io);
    return interrupt.signal.aborted ? interrupt.exitCode : code;
  } finally {
    interrupt.dispose();
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
