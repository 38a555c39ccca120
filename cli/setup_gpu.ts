/**
 * `deno task setup-gpu [--from DIR] [--force] [--no-verify]`: installs ONNX
 * Runtime's CUDA 12 provider into onnxruntime-node (its own installer, or
 * provider libraries already on the machine) and checks that a CUDA session
 * starts.
 *
 * @module
 */

import type { ParsedArgs } from "../lib/cli/args.ts";
import { type Io, processIo } from "../lib/cli/io.ts";
import { interruptOnSignals, stopMessage } from "../lib/cli/interrupt.ts";
import { parseCommand } from "../lib/cli/parse_command.ts";
import { reportUserError } from "../lib/cli/user_error.ts";
import { setupGpu } from "../lib/runtime/setup_gpu.ts";

const USAGE = `Usage: deno task setup-gpu [--from DIR] [--force] [--no-verify]

Gets ONNX Runtime's CUDA execution provider on a Linux x64 machine with an NVIDIA GPU
(npm ci skips onnxruntime-node's install script, which fetches it). Needs the NVIDIA
driver, CUDA 12 and cuDNN 9. Without --from it runs onnxruntime-node's own installer,
which downloads the provider libraries from api.nuget.org (Microsoft.ML.OnnxRuntime.Gpu.Linux,
the same version); then it opens a one-node model on the CUDA provider.
  --from DIR   copy the provider libraries found in DIR instead of downloading
               (libonnxruntime_providers_cuda.so and libonnxruntime_providers_shared.so of
               the same ONNX Runtime version, e.g. an unzipped .nupkg)
  --force      install even where no NVIDIA driver is visible (e.g. an image build)
  --no-verify  do not open a CUDA session at the end
  -h, --help   show this help
Rerun it after npm ci, which empties onnxruntime-node's folder.
`;

/**
 * Runs the task.
 *
 * @param args command-line arguments
 * @param io output streams
 * @returns the exit code
 * @example Usage
 * ```ts ignore
 * import { main } from "./setup_gpu.ts";
 * await main(["--from", "/opt/onnxruntime-gpu/lib"]);
 * ```
 */
export async function main(args: string[], io: Io = processIo()): Promise<number> {
  const cmd = parseCommand(args, io, {
    usage: USAGE,
    options: {
      from: { type: "string" },
      force: { type: "boolean" },
      "no-verify": { type: "boolean" },
    },
    read: (p: ParsedArgs) => ({
      from: typeof p.values.from === "string" ? p.values.from : undefined,
      force: p.values.force === true,
      verify: p.values["no-verify"] !== true,
    }),
  });
  if (!cmd.ok) return cmd.exitCode;
  const { from, force, verify } = cmd.options;
  const interrupt = interruptOnSignals({
    onInterrupt: (sig) => io.stderr(`${stopMessage(sig, "stopping the download")}\n`),
    onForce: () => Deno.exit(interrupt.exitCode),
  });
  try {
    const r = await setupGpu({
      ...(from !== undefined ? { from } : {}),
      force,
      verify,
      signal: interrupt.signal,
      onProgress: (line) => io.stderr(`${line}\n`),
    });
    io.stdout(`CUDA provider: ${r.action} (${r.status.nativeDir})\n`);
    io.stdout(
      r.verified
        ? `Verified: a session ran on ${r.verified.executionProvider} (${r.verified.reason})\n`
        : "Not verified (--no-verify)\n",
    );
    return 0;
  } catch (err) {
    const code = reportUserError(err, io, "Error: ");
    return interrupt.signal.aborted ? interrupt.exitCode : code;
  } finally {
    interrupt.dispose();
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
