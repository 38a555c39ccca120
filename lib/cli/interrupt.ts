/**
 * Stopping long tasks (evaluations, fine-tuning, downloads) on Ctrl-C
 * (SIGINT), SIGTERM (a scheduler or `kill` stopping the job) or SIGHUP (the
 * terminal went away): the first such signal aborts a signal so that the flow
 * stops after the batch in flight and still records what it computed (as a
 * KILLED run); a second calls `onForce` (the CLI exits). The exit code says
 * which signal stopped the task, as a shell reports it (128 + its number).
 *
 * @module
 */

/** The signals that stop a task. */
export type StopSignal = "SIGINT" | "SIGTERM" | "SIGHUP";

/** The signals listened to, with their exit codes (128 + the signal's number). */
const EXIT_CODES: Readonly<Record<StopSignal, number>> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };

/** Where signal listeners are installed (Deno's by default; injectable for tests). */
export interface SignalSource {
  /** Installs a listener. */
  add(signal: StopSignal, listener: () => void): void;
  /** Removes a listener installed with `add`. */
  remove(signal: StopSignal, listener: () => void): void;
}

/** Options of {@linkcode interruptOnSignals}. */
export interface InterruptOptions {
  /** Called on the first stop signal, after the abort signal is aborted. */
  onInterrupt?: (signal: StopSignal) => void;
  /** Called on a second one (e.g. to exit at once). */
  onForce?: (signal: StopSignal) => void;
  /** Signal source. @default Deno.addSignalListener / Deno.removeSignalListener */
  signals?: SignalSource;
}

/** Live stop-signal listeners. */
export interface InterruptHandle {
  /** Aborted on the first stop signal, with reason "interrupted". */
  readonly signal: AbortSignal;
  /** How many stop signals arrived so far. */
  readonly count: number;
  /** The first stop signal, if any. */
  readonly stoppedBy: StopSignal | undefined;
  /** The exit code of a stopped task: 130 for Ctrl-C (also before any signal), 143 SIGTERM, 129 SIGHUP. */
  readonly exitCode: number;
  /** Removes the listeners (idempotent). */
  dispose(): void;
}

const DENO_SIGNALS: SignalSource = {
  add: (s, l) => Deno.addSignalListener(s, l),
  remove: (s, l) => Deno.removeSignalListener(s, l),
};

/**
 * Listens for Ctrl-C, SIGTERM and SIGHUP: the first aborts `signal`, later
 * ones call `onForce`. Call `dispose()` when the work is done so that the
 * signals regain their default meaning.
 *
 * @param options callbacks and the signal source
 * @returns the handle with the abort signal
 * @example Usage
 * ```ts
 * import { interruptOnSignals } from "./interrupt.ts";
 * import { equal } from "node:assert/strict";
 * const fire = new Map<string, () => void>();
 * const signals = { add: (s: string, l: () => void) => void fire.set(s, l), remove: () => {} };
 * const handle = interruptOnSignals({ signals });
 * fire.get("SIGTERM")!();
 * equal(handle.signal.aborted, true);
 * equal(handle.exitCode, 143);
 * handle.dispose();
 * ```
 */
export function interruptOnSignals(options: InterruptOptions = {}): InterruptHandle {
  const signals = options.signals ?? DENO_SIGNALS;
  const controller = new AbortController();
  let count = 0;
  let stoppedBy: StopSignal | undefined;
  let installed = true;
  const listeners = (Object.keys(EXIT_CODES) as StopSignal[]).map((sig) => {
    const listener = () => {
      count++;
      if (count === 1) {
        stoppedBy = sig;
        controller.abort("interrupted");
        options.onInterrupt?.(sig);
      } else {
        options.onForce?.(sig);
      }
    };
    signals.add(sig, listener);
    return [sig, listener] as const;
  });
  return {
    signal: controller.signal,
    get count() {
      return count;
    },
    get stoppedBy() {
      return stoppedBy;
    },
    get exitCode() {
      return EXIT_CODES[stoppedBy ?? "SIGINT"];
    },
    dispose() {
      if (!installed) return;
      installed = false;
      for (const [sig, listener] of listeners) signals.remove(sig, listener);
    },
  };
}

/**
 * The line a task prints when a stop signal arrives: what it does now, and
 * how to quit at once.
 *
 * @param signal the signal
 * @param doing what the task does before stopping, e.g. "finishing the step in flight"
 * @returns e.g. `Interrupted: finishing the step in flight (Ctrl-C again to quit now)`
 * @example Usage
 * ```ts
 * import { stopMessage } from "./interrupt.ts";
 * import { equal } from "node:assert/strict";
 * equal(stopMessage("SIGTERM", "stopping the download"), "Terminated (SIGTERM): stopping the download (send it again to quit now)");
 * ```
 */
export function stopMessage(signal: StopSignal, doing: string): string {
  if (signal === "SIGINT") return `Interrupted: ${doing} (Ctrl-C again to quit now)`;
  const word = signal === "SIGTERM" ? "Terminated" : "Hung up";
  return `${word} (${signal}): ${doing} (send it again to quit now)`;
}
