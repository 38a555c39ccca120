/**
 * The one owner of command-line parsing. JSR's `@std/cli` cannot be reached
 * from this environment, so this wraps `node:util` `parseArgs`; moving to
 * `jsr:@std/cli` later changes only this file.
 *
 * @module
 */

import { clip } from "../net/clip.ts";
import { parseArgs as nodeParseArgs } from "node:util";

/** One option of a command. */
export interface OptionSpec {
  /** `"string"` takes a value; `"boolean"` is a flag. */
  type: "string" | "boolean";
  /** One-letter alias. */
  short?: string;
  /** Whether it may be repeated (values collected into an array). */
  multiple?: boolean;
}

/** Parsed command line. */
export interface ParsedArgs {
  /** Options by their kebab-case name. */
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  /** Positional arguments. */
  positionals: string[];
}

/** Thrown when the command line does not parse; CLI tasks print usage and exit 2. */
export class UsageError extends TypeError {
  /**
   * Creates the error.
   *
   * @param message what is wrong with the arguments
   */
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/**
 * Parses `args` strictly against `options` (kebab-case names). `--help`/`-h`
 * is always accepted.
 *
 * @param args the raw arguments
 * @param options the accepted options
 * @param allowPositionals whether positionals are accepted
 * @returns the parsed values and positionals
 * @throws {UsageError} on an unknown option or a missing value
 * @example Usage
 * ```ts
 * import { parseArgs } from "./args.ts";
 * const { values } = parseArgs(["--split", "val"], { split: { type: "string" } });
 * if (values.split !== "val") throw new Error();
 * ```
 */
export function parseArgs(
  args: readonly string[],
  options: Record<string, OptionSpec>,
  allowPositionals = false,
): ParsedArgs {
  try {
    const { values, positionals } = nodeParseArgs({
      args: [...args],
      options: { help: { type: "boolean", short: "h" }, ...options },
      strict: true,
      allowPositionals,
    });
    return { values: values as ParsedArgs["values"], positionals };
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

/**
 * Reads a string option, or `fallback` when absent.
 *
 * @param parsed the parsed arguments
 * @param name option name
 * @param fallback default
 * @returns the value
 * @example Usage
 * ```ts
 * import { parseArgs, stringOption } from "./args.ts";
 * const p = parseArgs([], { split: { type: "string" } });
 * if (stringOption(p, "split", "test") !== "test") throw new Error();
 * ```
 */
export function stringOption(parsed: ParsedArgs, name: string, fallback: string): string {
  const v = parsed.values[name];
  return typeof v === "string" ? v : fallback;
}

/**
 * Reads a numeric option, checking it is a finite number (and an integer when asked).
 *
 * @param parsed the parsed arguments
 * @param name option name (kebab-case)
 * @param fallback default when absent
 * @param opts `integer`, `min` and `max` constraints
 * @returns the number
 * @throws {UsageError} when the value is not a number or is out of range
 * @example Usage
 * ```ts
 * import { numberOption, parseArgs } from "./args.ts";
 * const p = parseArgs(["--batch-size", "8"], { "batch-size": { type: "string" } });
 * if (numberOption(p, "batch-size", 1, { integer: true, min: 1 }) !== 8) throw new Error();
 * ```
 */
export function numberOption(
  parsed: ParsedArgs,
  name: string,
  fallback: number,
  opts: { integer?: boolean; min?: number; max?: number } = {},
): number {
  const raw = parsed.values[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (typeof raw !== "string" || raw.trim() === "" || !Number.isFinite(n)) {
    throw new UsageError(`Option --${name} needs a number: got "${String(raw)}"`);
  }
  if (opts.integer && !Number.isInteger(n)) {
    throw new UsageError(`Option --${name} needs a whole number: got "${raw}"`);
  }
  if (opts.min !== undefined && n < opts.min) {
    throw new UsageError(`Option --${name} must be at least ${opts.min}: got "${raw}"`);
  }
  if (opts.max !== undefined && n > opts.max) {
    throw new UsageError(`Option --${name} must be at most ${opts.max}: got "${raw}"`);
  }
  return n;
}

/**
 * Reads an option restricted to a set of choices.
 *
 * @param parsed the parsed arguments
 * @param name option name
 * @param choices accepted values
 * @param fallback default
 * @returns the chosen value
 * @throws {UsageError} when the value is not one of `choices`
 * @example Usage
 * ```ts
 * import { choiceOption, parseArgs } from "./args.ts";
 * const p = parseArgs(["--split", "val"], { split: { type: "string" } });
 * if (choiceOption(p, "split", ["val", "test"] as const, "test") !== "val") throw new Error();
 * ```
 */
export function choiceOption<T extends string>(
  parsed: ParsedArgs,
  name: string,
  choices: readonly T[],
  fallback: T,
): T {
  const v = parsed.values[name];
  if (v === undefined) return fallback;
  if (typeof v !== "string" || !(choices as readonly string[]).includes(v)) {
    throw new UsageError(
      `Option --${name} must be one of ${choices.map((c) => `"${c}"`).join(", ")}: got "${
        clip(String(v), 80)
      }"`,
    );
  }
  return v as T;
}
