/**
 * Ctrl-C handling for long tasks (evaluations, fine-tuning, downloads): the
 * first SIGINT aborts a signal so that the flow stops after the batch in
 * flight and still records what it computed (as a KILLED run); a second
 * SIGINT calls `onForce` (the CLI exits).
 *
 * @module
 */

/** Where SIGINT listeners are installed (Deno's by default; injectable for tests). */
export interface SignalSource {
  /** Installs a listener. */
  add(signal: "SIGINT", listener: () => void): void;
  /** Removes a listener installed with `add`. */
  remove(signal: "SIGINT", listener: () => void): void;
}

/** Options of {@linkcode interruptOnSigint}. */
export interface InterruptOptions {
  /** Called on the first Ctrl-C, after the signal is aborted. */
  onInterrupt?: () => void;
  /** Called on a second Ctrl-C (e.g. to exit at once). */
  onForce?: () => void;
  /** Signal source. @default Deno.addSignalListener / Deno.removeSignalListener */
  signals?: SignalSource;
}

/** A live SIGINT listener. */
export interface InterruptHandle {
  /** Aborted on the first Ctrl-C, with reason "interrupted". */
  readonly signal: AbortSignal;
  /** How many SIGINTs arrived so far. */
  readonly count: number;
  /** Removes the listener (idempotent). */
  dispose(): void;
}

const DENO_SIGNALS: SignalSource = {
  add: (s, l) => Deno.addSignalListener(s, l),
  remove: (s, l) => Deno.removeSignalListener(s, l),
};

/**
 * Listens for Ctrl-C: the first one aborts `signal`, later ones call
 * `onForce`. Call `dispose()` when the work is done so that Ctrl-C regains its
 * default meaning.
 *
 * @param options callbacks and the signal source
 * @returns the handle with the abort signal
 * @example Usage
 * ```ts
 * import { interruptOnSigint } from "./interrupt.ts";
 * import { equal } from "node:assert/strict";
 * let fire = () => {};
 * const signals = { add: (_s: "SIGINT", l: () => void) => void (fire = l), remove: () => {} };
 * const handle = interruptOnSigint({ signals });
 * fire();
 * equal(handle.signal.aborted, true);
 * handle.dispose();
 * ```
 */
export function interruptOnSigint(options: InterruptOptions = {}): InterruptHandle {
  const signals = options.signals ?? DENO_SIGNALS;
  const controller = new AbortController();
  let count = 0;
  let installed = true;
  const listener = () => {
    count++;
    if (count === 1) {
      controller.abort("interrupted");
      options.onInterrupt?.();
    } else {
      options.onForce?.();
    }
  };
  signals.add("SIGINT", listener);
  return {
    signal: controller.signal,
    get count() {
      return count;
    },
    dispose() {
      if (!installed) return;
      installed = false;
      signals.remove("SIGINT", listener);
    },
  };
}
