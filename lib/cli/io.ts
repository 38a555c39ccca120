/**
 * The streams a CLI task writes to, injected so that tests can capture them.
 *
 * @module
 */

/** Where a task prints: results to `stdout`, progress and logs to `stderr`. */
export interface Io {
  /** Writes a chunk of text to standard output. */
  stdout(text: string): void;
  /** Writes a chunk of text to standard error. */
  stderr(text: string): void;
  /** Whether stderr is an interactive terminal (progress bars) or not (plain lines). */
  isTerminal: boolean;
}

const encoder = new TextEncoder();

/**
 * The process's real streams.
 *
 * @returns an `Io` writing to Deno.stdout / Deno.stderr
 * @example Usage
 * ```ts
 * import { processIo } from "./io.ts";
 * const io = processIo();
 * if (typeof io.stdout !== "function") throw new Error();
 * ```
 */
export function processIo(): Io {
  return {
    stdout: (t) => writeAll(Deno.stdout, encoder.encode(t)),
    stderr: (t) => writeAll(Deno.stderr, encoder.encode(t)),
    isTerminal: Deno.stderr.isTerminal(),
  };
}

function writeAll(w: { writeSync(p: Uint8Array): number }, data: Uint8Array): void {
  let off = 0;
  while (off < data.length) off += w.writeSync(data.subarray(off));
}

/** An `Io` that records everything, for tests. */
export interface CapturedIo extends Io {
  /** Everything written to stdout. */
  readonly out: string[];
  /** Everything written to stderr. */
  readonly err: string[];
}

/**
 * An `Io` that records what is written, for tests of `main(args, io)`.
 *
 * @returns a capturing Io
 * @example Usage
 * ```ts
 * import { captureIo } from "./io.ts";
 * const io = captureIo();
 * io.stdout("hi");
 * if (io.out.join("") !== "hi") throw new Error();
 * ```
 */
export function captureIo(): CapturedIo {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    isTerminal: false,
  };
}
