/**
 * `deno task doctor [--json]`: what each device path would use here, and why
 * (ONNX Runtime's providers, the CUDA provider, the WebGPU adapter, what
 * `--device auto` picks, CPU features, threads, memory, versions).
 *
 * @module
 */

import type { ParsedArgs } from "../lib/cli/args.ts";
import { type Io, processIo } from "../lib/cli/io.ts";
import { parseCommand } from "../lib/cli/parse_command.ts";
import { reportUserError } from "../lib/cli/user_error.ts";
import { runDoctor } from "../lib/runtime/doctor.ts";
import { formatDoctorReport } from "../lib/runtime/doctor_text.ts";

const USAGE = `Usage: deno task doctor [--json]

Prints what each device path would use on this machine and why: ONNX Runtime's execution
providers (cpu, webgpu, cuda: bundled or installed?), the CUDA provider libraries and the
libraries they need, the WebGPU adapter (name, vendor, hardware or software fallback,
limits), what --device auto picks for the model and for each WGSL kernel, the CPU's
features (AVX2, AVX-512 F/BW/VNNI, AVX512_BF16, AMX), threads, memory and versions.
  --json      print the report as JSON
  -h, --help  show this help
`;

/**
 * Runs the task.
 *
 * @param args command-line arguments
 * @param io output streams
 * @returns the exit code
 * @example Usage
 * ```ts ignore
 * import { main } from "./doctor.ts";
 * await main(["--json"]);
 * ```
 */
export async function main(args: string[], io: Io = processIo()): Promise<number> {
  const cmd = parseCommand(args, io, {
    usage: USAGE,
    options: { json: { type: "boolean" } },
    read: (p: ParsedArgs) => ({ json: p.values.json === true }),
  });
  if (!cmd.ok) return cmd.exitCode;
  try {
    const report = await runDoctor();
    io.stdout(
      cmd.options.json ? JSON.stringify(report, null, 2) + "\n" : formatDoctorReport(report),
    );
    return 0;
  } catch (err) {
    return reportUserError(err, io, "Error: ");
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
