/**
 * Plain-language lines shared by the Markdown and HTML reports: what was
 * evaluated (split, windows, time span) and the headline (which model wins).
 *
 * @module
 */

import { formatColumnValue } from "./columns.ts";
import type { Comparison } from "./comparison.ts";

/**
 * One line saying what was evaluated: split, number of windows and steps,
 * first and last row, time span.
 *
 * @param comparison the comparison
 * @returns the sentence
 * @example Usage
 * ```ts
 * import { setupLine } from "@chronos-deno/chronos-deno/report";
 * import type { Comparison } from "@chronos-deno/chronos-deno/report";
 * import { match } from "node:assert/strict";
 * const c = { split: "test", predictionLength: 1, origins: [5],
 *   timestamps: ["2018-11-01T00:15:00+09:00"], data: ["d.csv"] } as unknown as Comparison;
 * match(setupLine(c), /test split, 1 window of 1 step/);
 * ```
 */
export function setupLine(comparison: Comparison): string {
  const n = comparison.origins.length;
  const h = comparison.predictionLength;
  const rows = n > 0
    ? `rows ${Math.min(...comparison.origins)}–${Math.max(...comparison.origins) + h - 1}`
    : "no rows";
  const first = comparison.timestamps[0] ?? "";
  const last = comparison.timestamps[n - 1] ?? "";
  const day = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
  const zone = /([+-]\d{2}:\d{2}|Z)$/.exec(last)?.[1];
  const span = first && last
    ? `, ${day(first)} to ${day(last)}${zone ? ` (UTC${zone === "Z" ? "" : zone})` : ""}`
    : "";
  return `${comparison.split} split, ${n.toLocaleString("en-US")} window${n === 1 ? "" : "s"} ` +
    `of ${h} step${h === 1 ? "" : "s"} (${rows}${span}), data ${comparison.data.join(", ")}`;
}

/**
 * The headline: the model with the lowest RMSE and its skill over the
 * reference, or `undefined` when no model has an RMSE.
 *
 * @param comparison the comparison
 * @returns the sentence
 * @example Usage
 * ```ts
 * import { headline } from "@chronos-deno/chronos-deno/report";
 * import type { Comparison } from "@chronos-deno/chronos-deno/report";
 * import { equal } from "node:assert/strict";
 * const c = { reference: "persistence", rows: [
 *   { name: "persistence", values: { rmse: 4, skill: 0 } },
 *   { name: "chronos", values: { rmse: 3, skill: 0.25 } },
 * ] } as unknown as Comparison;
 * equal(headline(c), "chronos has the lowest RMSE, 3.000 kWh: 25.0 % lower than persistence (4.000 kWh).");
 * ```
 */
export function headline(comparison: Comparison): string | undefined {
  const known = comparison.rows.filter((r) => Number.isFinite(r.values.rmse));
  if (known.length === 0) return undefined;
  const best = known.reduce((a, b) => (b.values.rmse < a.values.rmse ? b : a));
  const rmse = `${formatColumnValue("rmse", best.values.rmse)} kWh`;
  const ref = comparison.rows.find((r) => r.name === comparison.reference);
  if (!ref || ref === best || !Number.isFinite(best.values.skill)) {
    return `${best.name} has the lowest RMSE, ${rmse}.`;
  }
  return `${best.name} has the lowest RMSE, ${rmse}: ${
    formatColumnValue("skill", best.values.skill)
  } % lower than ${ref.name} (${formatColumnValue("rmse", ref.values.rmse)} kWh).`;
}

/**
 * How skill is defined, with the reference's RMSE.
 *
 * @param comparison the comparison
 * @returns the sentence, or `undefined` without a reference model
 * @example Usage
 * ```ts
 * import { skillLine } from "@chronos-deno/chronos-deno/report";
 * import type { Comparison } from "@chronos-deno/chronos-deno/report";
 * import { equal } from "node:assert/strict";
 * equal(skillLine({ rows: [] } as unknown as Comparison), undefined);
 * ```
 */
export function skillLine(comparison: Comparison): string | undefined {
  const ref = comparison.rows.find((r) => r.name === comparison.reference);
  if (!ref) return undefined;
  return `Skill = 1 − RMSE / RMSE of ${ref.name} (${
    formatColumnValue("rmse", ref.values.rmse)
  } kWh); coverage is the share of actuals inside the ${Math.round(comparison.interval[0] * 100)}–${
    Math.round(comparison.interval[1] * 100)
  } % interval.`;
}
