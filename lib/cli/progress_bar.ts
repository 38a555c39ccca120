/**
 * A progress bar for long CLI runs, written to an injected stream: on a
 * terminal one line redrawn in place (bar, done/total, rate, ETA); elsewhere
 * (CI logs, pipes) plain lines at a fixed interval, so logs stay readable.
 *
 * @module
 */

/** Settings of a {@linkcode ProgressBar}. */
export interface ProgressBarOptions {
  /** Number of units of work in all (windows, steps, bytes…); 0 or more. */
  total: number;
  /** Where the text goes, e.g. `io.stderr`. */
  write: (text: string) => void;
  /**
   * Whether `write` goes to an interactive terminal (redraw in place) or not (plain lines).
   * @default false
   */
  isTerminal?: boolean;
  /**
   * Text before the bar, e.g. `"zero-shot"`.
   * @default ""
   */
  label?: string;
  /**
   * Name of one unit, shown after the counts and in the rate.
   * @default "items"
   */
  unit?: string;
  /**
   * Width of the bar in characters (terminal only).
   * @default 24
   */
  width?: number;
  /**
   * Least time between two redraws on a terminal, in ms.
   * @default 100
   */
  redrawMs?: number;
  /**
   * Least time between two plain lines when not on a terminal, in ms.
   * @default 10000
   */
  intervalMs?: number;
  /**
   * Clock in ms (injected by tests).
   * @default performance.now
   */
  now?: () => number;
}

/**
 * Shows how far a loop has come, with its rate and the time left.
 *
 * @example Usage
 * ```ts
 * import { ProgressBar } from "./progress_bar.ts";
 * import { match } from "node:assert/strict";
 * const lines: string[] = [];
 * const bar = new ProgressBar({ total: 4, unit: "windows", write: (t) => lines.push(t) });
 * bar.tick(4);
 * bar.finish();
 * match(lines.join(""), /4\/4 windows/);
 * ```
 */
export class ProgressBar {
  /** Units of work in all. */
  readonly total: number;
  #done = 0;
  #finished = false;
  #start: number;
  #lastDraw = -Infinity;
  #options: Required<Omit<ProgressBarOptions, "total">>;

  /**
   * Creates a bar; nothing is written until the first update.
   *
   * @param options total, output stream and display settings
   * @throws {RangeError} when `total` is negative or not a whole number
   */
  constructor(options: ProgressBarOptions) {
    if (!Number.isInteger(options.total) || options.total < 0) {
      throw new RangeError(
        `Cannot create a progress bar: total must be a whole number of 0 or more, got ${options.total}`,
      );
    }
    this.total = options.total;
    this.#options = {
      write: options.write,
      isTerminal: options.isTerminal ?? false,
      label: options.label ?? "",
      unit: options.unit ?? "items",
      width: options.width ?? 24,
      redrawMs: options.redrawMs ?? 100,
      intervalMs: options.intervalMs ?? 10_000,
      now: options.now ?? (() => performance.now()),
    };
    this.#start = this.#options.now();
  }

  /** Units done so far. */
  get done(): number {
    return this.#done;
  }

  /**
   * Sets the number of units done (clamped to `0..total`) and redraws when due.
   *
   * @param done units done so far
   */
  update(done: number): void {
    if (this.#finished) return;
    this.#done = Math.min(this.total, Math.max(0, done));
    const now = this.#options.now();
    const every = this.#options.isTerminal ? this.#options.redrawMs : this.#options.intervalMs;
    if (now - this.#lastDraw >= every) {
      this.#lastDraw = now;
      this.#draw(now);
    }
  }

  /**
   * Adds `n` units done.
   *
   * @param n units just completed
   * @default n 1
   */
  tick(n = 1): void {
    this.update(this.#done + n);
  }

  /** Draws the last state and ends the line; later calls do nothing. */
  finish(): void {
    if (this.#finished) return;
    this.#draw(this.#options.now());
    if (this.#options.isTerminal) this.#options.write("\n");
    this.#finished = true;
  }

  #draw(now: number): void {
    const o = this.#options;
    const seconds = Math.max(0, (now - this.#start) / 1000);
    const rate = seconds > 0 ? this.#done / seconds : NaN;
    const left = this.total - this.#done;
    const eta = left === 0 ? 0 : rate > 0 ? left / rate : NaN;
    const counts = `${this.#done}/${this.total} ${o.unit}`;
    const rateText = Number.isFinite(rate) ? `${formatRate(rate)} ${o.unit}/s` : `– ${o.unit}/s`;
    const etaText = `ETA ${Number.isFinite(eta) ? formatDuration(eta) : "–"}`;
    const prefix = o.label ? `${o.label} ` : "";
    if (o.isTerminal) {
      const share = this.total === 0 ? 1 : this.#done / this.total;
      const full = Math.round(share * o.width);
      const bar = "█".repeat(full) + "░".repeat(o.width - full);
      o.write(`\r\x1b[K${prefix}${bar} ${counts}  ${rateText}  ${etaText}`);
    } else {
      const pct = this.total === 0 ? 100 : Math.floor((100 * this.#done) / this.total);
      const label = o.label ? `${o.label}: ` : "";
      o.write(`${label}${counts} (${pct}%), ${rateText}, ${etaText}\n`);
    }
  }
}

/**
 * Formats seconds as `m:ss` or `h:mm:ss`.
 *
 * @param seconds a duration, 0 or more
 * @returns the clock-style text
 * @example Usage
 * ```ts
 * import { formatDuration } from "./progress_bar.ts";
 * import { equal } from "node:assert/strict";
 * equal(formatDuration(3725), "1:02:05");
 * ```
 */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

function formatRate(rate: number): string {
  if (rate >= 100) return rate.toFixed(0);
  if (rate >= 10) return rate.toFixed(1);
  return rate.toFixed(2);
}
