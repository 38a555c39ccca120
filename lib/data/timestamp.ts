/**
 * Timestamp parsing with an explicit format and a fixed UTC offset (never the
 * host's time zone), and ISO formatting with that offset.
 *
 * @module
 */

/** Parses one timestamp string to epoch milliseconds, or `undefined` when it does not parse. */
export type TimestampParser = (text: string) => number | undefined;

const MINUTE = 60_000;

/**
 * Reads a UTC offset: `"Z"`, `"+09:00"`, `"-0530"`, `"+09"`, or a number of minutes.
 *
 * @param offset the offset
 * @returns the offset in minutes east of UTC
 * @throws {RangeError} when the offset does not parse or exceeds ±18 hours
 * @example Usage
 * ```ts
 * import { parseUtcOffset } from "@chronos-deno/chronos-deno/data";
 * import assert from "node:assert/strict";
 * assert.equal(parseUtcOffset("+09:00"), 540);
 * ```
 */
export function parseUtcOffset(offset: string | number): number {
  let minutes: number;
  if (typeof offset === "number") {
    minutes = offset;
  } else if (offset === "Z" || offset === "z") {
    minutes = 0;
  } else {
    const m = /^([+-])(\d{2})(?::?(\d{2}))?$/.exec(offset.trim());
    if (!m) {
      throw new RangeError(`Cannot read the UTC offset "${offset}": write it like "+09:00" or "Z"`);
    }
    minutes = (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
  }
  if (!Number.isInteger(minutes) || Math.abs(minutes) > 18 * 60) {
    throw new RangeError(
      `Cannot use the UTC offset "${offset}": it must be whole minutes within ±18:00`,
    );
  }
  return minutes;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : MONTH_DAYS[month - 1]!;
}

function toEpoch(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  ms: number,
  offsetMinutes: number,
): number | undefined {
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return undefined;
  if (h > 23 || mi > 59 || s > 59) return undefined;
  const t = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  // Date.UTC maps years 0–99 to 1900–1999; reject them rather than guess.
  if (y < 100) return undefined;
  return t - offsetMinutes * MINUTE;
}

const ISO_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/;

const TOKENS: Record<string, { re: string; field: string }> = {
  Y: { re: "(\\d{4})", field: "y" },
  m: { re: "(\\d{1,2})", field: "mo" },
  d: { re: "(\\d{1,2})", field: "d" },
  H: { re: "(\\d{1,2})", field: "h" },
  M: { re: "(\\d{2})", field: "mi" },
  S: { re: "(\\d{2})", field: "s" },
  f: { re: "(\\d{1,9})", field: "f" },
};

/**
 * Builds a parser for a strftime-like `format` or `"iso"`. Tokens: `%Y` (4-digit year),
 * `%m` and `%d` (1–2 digits), `%H` (1–2 digits), `%M`, `%S` (2 digits), `%f` (fraction of a
 * second), `%%`; anything else matches literally. Local times are read in the fixed
 * `offsetMinutes` zone; with `"iso"` an explicit `Z`/`±HH:MM` suffix wins over it.
 * Impossible dates (31/02, 25:00) do not parse.
 *
 * @param format e.g. `"%d/%m/%Y %H:%M"` or `"iso"`
 * @param offsetMinutes the zone of local times, minutes east of UTC
 * @returns the parser
 * @throws {SyntaxError} on an unknown `%` token or a format without `%Y`, `%m` and `%d`
 * @example Usage
 * ```ts
 * import { createTimestampParser } from "@chronos-deno/chronos-deno/data";
 * import assert from "node:assert/strict";
 * const parse = createTimestampParser("%d/%m/%Y %H:%M", 540);
 * assert.equal(parse("02/01/2018 09:00"), Date.UTC(2018, 0, 2, 0, 0));
 * assert.equal(parse("31/02/2018 09:00"), undefined);
 * ```
 */
export function createTimestampParser(format: string, offsetMinutes: number): TimestampParser {
  if (format === "iso") return (text) => parseIso(text, offsetMinutes);
  const fields: string[] = [];
  let re = "";
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (c !== "%") {
      re += c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      continue;
    }
    const t = format[++i];
    if (t === "%") {
      re += "%";
      continue;
    }
    const token = t === undefined ? undefined : TOKENS[t];
    if (!token) {
      throw new SyntaxError(
        `Cannot use the date format "${format}": unknown token "%${
          t ?? ""
        }" (use %Y %m %d %H %M %S %f)`,
      );
    }
    fields.push(token.field);
    re += token.re;
  }
  for (const need of ["y", "mo", "d"]) {
    if (!fields.includes(need)) {
      throw new SyntaxError(`Cannot use the date format "${format}": it needs %Y, %m and %d`);
    }
  }
  const compiled = new RegExp(`^\\s*${re}\\s*$`);
  const at = (f: string) => fields.indexOf(f) + 1; // capture group, 0 when absent
  const [gy, gmo, gd, gh, gmi, gs, gf] = ["y", "mo", "d", "h", "mi", "s", "f"].map(at) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return (text) => {
    const m = compiled.exec(text);
    if (!m) return undefined;
    const num = (g: number) => (g === 0 ? 0 : Number(m[g]));
    const ms = gf === 0 ? 0 : Math.round(Number(`0.${m[gf]}`) * 1000);
    return toEpoch(num(gy), num(gmo), num(gd), num(gh), num(gmi), num(gs), ms, offsetMinutes);
  };
}

function parseIso(text: string, offsetMinutes: number): number | undefined {
  const m = ISO_RE.exec(text.trim());
  if (!m) return undefined;
  const offset = m[8] === undefined ? offsetMinutes : parseUtcOffset(m[8]);
  const ms = m[7] === undefined ? 0 : Math.round(Number(`0.${m[7]}`) * 1000);
  return toEpoch(
    Number(m[1]),
    Number(m[2]),
    Number(m[3]),
    Number(m[4] ?? 0),
    Number(m[5] ?? 0),
    Number(m[6] ?? 0),
    ms,
    offset,
  );
}

/**
 * Formats epoch milliseconds as ISO 8601 local time with the given fixed offset,
 * e.g. `2018-01-01T00:15:00+09:00`.
 *
 * @param ms epoch milliseconds
 * @param offsetMinutes the zone, minutes east of UTC
 * @returns the ISO string (`Z` for offset 0)
 * @example Usage
 * ```ts
 * import { formatTimestamp } from "@chronos-deno/chronos-deno/data";
 * import assert from "node:assert/strict";
 * assert.equal(formatTimestamp(Date.UTC(2017, 11, 31, 15, 15), 540), "2018-01-01T00:15:00+09:00");
 * ```
 */
export function formatTimestamp(ms: number, offsetMinutes = 0): string {
  const local = new Date(ms + offsetMinutes * MINUTE).toISOString();
  const base = local.endsWith(".000Z") ? local.slice(0, -5) : local.slice(0, -1);
  if (offsetMinutes === 0) return `${base}Z`;
  const a = Math.abs(offsetMinutes);
  const hh = String(Math.floor(a / 60)).padStart(2, "0");
  const mm = String(a % 60).padStart(2, "0");
  return `${base}${offsetMinutes < 0 ? "-" : "+"}${hh}:${mm}`;
}
