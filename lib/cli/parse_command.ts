/**
 * The command-line front of every task, written once: `--help` prints the
 * usage on stdout (exit 0), an unknown option or a bad value prints the
 * message and the usage on stderr (exit 2), otherwise the task gets its typed
 * options.
 *
 * @module
 */

import { type OptionSpec, parseArgs, type ParsedArgs, UsageError } from "./args.ts";
import type { Io } from "./io.ts";

/** How a task reads its command line. */
export interface CommandSpec<T> {
  /** The usage text, printed for `--help` and after a usage error. */
  usage: string;
  /** The accepted options (kebab-case names; `--help`/`-h` is always accepted). */
  options: Record<string, OptionSpec>;
  /**
   * Whether positional arguments are accepted.
   * @default false
   */
  positionals?: boolean;
  /** Turns the parsed arguments into the task's options; throws {@linkcode UsageError} on bad values. */
  read(parsed: ParsedArgs): T;
}

/** The task's options, or the exit code when the command line was handled already. */
export type ParsedCommand<T> = { ok: true; options: T } | { ok: false; exitCode: 0 | 2 };

/**
 * Parses a task's command line: `--help` wins over every other option and prints the usage
 * (exit code 0); a {@linkcode UsageError} from parsing or from `spec.read` prints its message
 * and the usage on stderr (exit code 2).
 *
 * @param args the raw arguments
 * @param io where the usage and errors are printed
 * @param spec usage, options and how to read them
 * @returns the options, or the exit code to return
 * @throws whatever `spec.read` throws other than a UsageError
 * @example Usage
 * ```ts
 * import { parseCommand } from "./parse_command.ts";
 * import { captureIo } from "./io.ts";
 * import assert from "node:assert/strict";
 * const spec = { usage: "Usage: t [--n N]\n", options: { n: { type: "string" as const } },
 *   read: (p: { values: Record<string, unknown> }) => Number(p.values.n ?? 1) };
 * assert.deepEqual(parseCommand(["--n", "3"], captureIo(), spec), { ok: true, options: 3 });
 * assert.deepEqual(parseCommand(["--x"], captureIo(), spec), { ok: false, exitCode: 2 });
 * ```
 */
export function parseCommand<T>(
  args: readonly string[],
  io: Io,
  spec: CommandSpec<T>,
): ParsedCommand<T> {
  try {
    const parsed = parseArgs(args, spec.options, spec.positionals ?? false);
    if (parsed.values.help) {
      io.stdout(spec.usage);
      return { ok: false, exitCode: 0 };
    }
    return { ok: true, options: spec.read(parsed) };
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr(`${err.message}\n\n${spec.usage}`);
    return { ok: false, exitCode: 2 };
  }
}
