/**
 * A small metrics registry rendered in the Prometheus text exposition format
 * (version 0.0.4): counters and gauges with labels, and cumulative
 * histograms (`_bucket{le=…}`, `_sum`, `_count`).
 *
 * @module
 */

/** Label values by label name. */
export type Labels = Readonly<Record<string, string>>;

interface Family {
  name: string;
  help: string;
  type: "counter" | "gauge" | "histogram";
  render(): string[];
}

function escapeLabel(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}

function labelText(labels: Labels, extra?: [string, string]): string {
  const pairs = Object.entries(labels);
  if (extra) pairs.push(extra);
  if (pairs.length === 0) return "";
  return `{${pairs.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(",")}}`;
}

function num(v: number): string {
  if (v === Infinity) return "+Inf";
  if (v === -Infinity) return "-Inf";
  return Number.isNaN(v) ? "NaN" : String(v);
}

function keyOf(labels: Labels): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => a < b ? -1 : 1));
}

/** A value per label set that only goes up (or one that goes both ways, for a gauge). */
export class LabelledValue {
  #values = new Map<string, { labels: Labels; value: number }>();

  /**
   * Adds to the value of a label set.
   *
   * @param labels the label set
   * @param by the amount @default 1
   */
  inc(labels: Labels = {}, by = 1): void {
    const k = keyOf(labels);
    const cur = this.#values.get(k);
    if (cur) cur.value += by;
    else this.#values.set(k, { labels, value: by });
  }

  /**
   * Sets the value of a label set (gauges).
   *
   * @param labels the label set
   * @param value the value
   */
  set(labels: Labels, value: number): void {
    this.#values.set(keyOf(labels), { labels, value });
  }

  /**
   * The value of a label set (0 when never touched).
   *
   * @param labels the label set
   * @returns the value
   */
  get(labels: Labels = {}): number {
    return this.#values.get(keyOf(labels))?.value ?? 0;
  }

  /** @internal Sample lines. */
  lines(name: string): string[] {
    return [...this.#values.values()].map((s) => `${name}${labelText(s.labels)} ${num(s.value)}`);
  }
}

/** Observations counted into cumulative buckets, per label set. */
export class Histogram {
  #bounds: number[];
  #series = new Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>();

  /**
   * Creates an empty histogram.
   *
   * @param bounds the bucket upper bounds, increasing (+Inf is implied)
   */
  constructor(bounds: readonly number[]) {
    this.#bounds = [...bounds];
  }

  /**
   * Records one observation.
   *
   * @param value the observation
   * @param labels the label set
   */
  observe(value: number, labels: Labels = {}): void {
    const k = keyOf(labels);
    let s = this.#series.get(k);
    if (!s) {
      s = { labels, counts: this.#bounds.map(() => 0), sum: 0, count: 0 };
      this.#series.set(k, s);
    }
    this.#bounds.forEach((b, i) => {
      if (value <= b) s.counts[i]!++;
    });
    s.sum += value;
    s.count++;
  }

  /**
   * Observations recorded for a label set.
   *
   * @param labels the label set
   * @returns the count
   */
  count(labels: Labels = {}): number {
    return this.#series.get(keyOf(labels))?.count ?? 0;
  }

  /** @internal Sample lines. */
  lines(name: string): string[] {
    const out: string[] = [];
    for (const s of this.#series.values()) {
      this.#bounds.forEach((b, i) => {
        out.push(`${name}_bucket${labelText(s.labels, ["le", num(b)])} ${s.counts[i]}`);
      });
      out.push(`${name}_bucket${labelText(s.labels, ["le", "+Inf"])} ${s.count}`);
      out.push(`${name}_sum${labelText(s.labels)} ${num(s.sum)}`);
      out.push(`${name}_count${labelText(s.labels)} ${s.count}`);
    }
    return out;
  }
}

/** Named metric families, rendered together. */
export class MetricsRegistry {
  #families: Family[] = [];

  #add(name: string, help: string, type: Family["type"], lines: (n: string) => string[]): void {
    if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(name)) {
      throw new RangeError(`Cannot register the metric "${name}": use letters, digits and _`);
    }
    if (this.#families.some((f) => f.name === name)) {
      throw new RangeError(`Cannot register the metric "${name}": it exists already`);
    }
    this.#families.push({ name, help, type, render: () => lines(name) });
  }

  /**
   * Registers a counter.
   *
   * @param name the metric name, e.g. `http_requests_total`
   * @param help one line of help
   * @returns the counter
   * @throws {RangeError} for a bad or repeated name
   * @example Usage
   * ```ts
   * import { MetricsRegistry } from "@chronos-deno/chronos-deno/serve";
   * const m = new MetricsRegistry();
   * m.counter("hits_total", "Cache hits").inc();
   * if (!m.render().includes("hits_total 1")) throw new Error();
   * ```
   */
  counter(name: string, help: string): LabelledValue {
    const v = new LabelledValue();
    this.#add(name, help, "counter", (n) => v.lines(n));
    return v;
  }

  /**
   * Registers a gauge (a value read at render time when `read` is given).
   *
   * @param name the metric name
   * @param help one line of help
   * @param read reads the current value at render time
   * @returns the gauge
   */
  gauge(name: string, help: string, read?: () => number): LabelledValue {
    const v = new LabelledValue();
    this.#add(name, help, "gauge", (n) => {
      if (read) v.set({}, read());
      return v.lines(n);
    });
    return v;
  }

  /**
   * Registers a histogram.
   *
   * @param name the metric name
   * @param help one line of help
   * @param bounds bucket upper bounds, increasing
   * @returns the histogram
   */
  histogram(name: string, help: string, bounds: readonly number[]): Histogram {
    const h = new Histogram(bounds);
    this.#add(name, help, "histogram", (n) => h.lines(n));
    return h;
  }

  /**
   * Renders every family in the Prometheus text format.
   *
   * @returns the text (`text/plain; version=0.0.4`)
   */
  render(): string {
    return this.#families.map((f) =>
      [`# HELP ${f.name} ${f.help}`, `# TYPE ${f.name} ${f.type}`, ...f.render()].join("\n")
    ).join("\n") + "\n";
  }
}
