/**
 * The steel data for tests: the real UCI file when it is present (env
 * STEEL_DATA, or ../shared/data/Steel_industry_data.csv next to the
 * repository), otherwise a generated file with the same schema and quirks
 * (BOM, CRLF, day-first dates, the `00:00` end-of-day label, +09:00 calendar,
 * the all-zero row at `07/11/2018 00:00`). The real file is never copied.
 * `FORCE_GENERATED_STEEL=1` makes the tests use the generated file even when
 * the real one is there.
 *
 * @module
 */

import { fileURLToPath } from "node:url";

/** The UCI header, verbatim. */
export const STEEL_HEADER_LINE =
  "date,Usage_kWh,Lagging_Current_Reactive.Power_kVarh,Leading_Current_Reactive_Power_kVarh," +
  "CO2(tCO2),Lagging_Current_Power_Factor,Leading_Current_Power_Factor,NSM,WeekStatus," +
  "Day_of_week,Load_Type";

/**
 * Path of the real UCI file, or undefined when it is not on this machine.
 *
 * @returns the path, or undefined
 */
export function realSteelPath(): string | undefined {
  // FORCE_GENERATED_STEEL=1 runs the suite as on a machine without the file.
  if (Deno.env.get("FORCE_GENERATED_STEEL") === "1") return undefined;
  const candidates = [
    Deno.env.get("STEEL_DATA"),
    fileURLToPath(new URL("../../../shared/data/Steel_industry_data.csv", import.meta.url)),
  ];
  for (const p of candidates) {
    if (!p) continue;
    try {
      if (Deno.statSync(p).isFile) return p;
    } catch {
      // not there
    }
  }
  return undefined;
}

/** Options of {@linkcode generateSteelCsv}. */
export interface GenerateSteelOptions {
  /** Number of days from 2018-01-01 (96 rows each). @default 365 */
  days?: number;
  /** Seed of the deterministic random numbers. @default 1 */
  seed?: number;
}

const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const two = (n: number) => String(n).padStart(2, "0");
const r2 = (x: number) => String(Math.round(x * 100) / 100);

/**
 * Generates a CSV text with the UCI schema and quirks: a UTF-8 BOM, CRLF after every line,
 * `dd/mm/yyyy HH:MM` end labels with the day-closing row written `D 00:00`, NSM, weekday and
 * week status of the interval, a tariff-like Load_Type schedule and the all-zero row at
 * `07/11/2018 00:00` when the range reaches it.
 *
 * @param options number of days and seed
 * @returns the file's text
 */
export function generateSteelCsv(options: GenerateSteelOptions = {}): string {
  const days = options.days ?? 365;
  let state = (options.seed ?? 1) >>> 0 || 1;
  const rand = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const lines = ["\uFEFF" + STEEL_HEADER_LINE];
  const start = Date.UTC(2018, 0, 1);
  for (let i = 1; i <= days * 96; i++) {
    const end = new Date(start + i * 900_000); // local (+09:00) wall time, as UTC fields
    const begin = new Date(end.getTime() - 900_000);
    const midnight = end.getUTCHours() === 0 && end.getUTCMinutes() === 0;
    const label = midnight ? new Date(end.getTime() - 86_400_000) : end;
    const date =
      `${two(label.getUTCDate())}/${two(label.getUTCMonth() + 1)}/${label.getUTCFullYear()} ` +
      `${two(end.getUTCHours())}:${two(end.getUTCMinutes())}`;
    const nsm = end.getUTCHours() * 3600 + end.getUTCMinutes() * 60;
    const dow = begin.getUTCDay();
    const weekend = dow === 0 || dow === 6;
    const hour = begin.getUTCHours();
    const load = hour < 8 || hour >= 21
      ? "Light_Load"
      : !weekend && (hour === 9 || hour === 10 || hour === 17 || hour === 18)
      ? "Maximum_Load"
      : "Medium_Load";
    const base = load === "Light_Load" ? 3 : load === "Medium_Load" ? 35 : 70;
    let usage = Math.round((base * (weekend ? 0.6 : 1) + rand() * base * 0.5) * 100) / 100;
    let lag = Math.round(usage * (0.3 + rand() * 0.4) * 100) / 100;
    let lead = rand() < 0.8 ? 0 : Math.round(rand() * 10 * 100) / 100;
    let co2 = Math.round(usage * 0.0004 * 100) / 100;
    let lagPf = Math.round(10000 * usage / Math.hypot(usage, lag)) / 100;
    let leadPf = lead === 0 ? 100 : Math.round(10000 * usage / Math.hypot(usage, lead)) / 100;
    if (date === "07/11/2018 00:00") {
      usage =
        lag =
        lead =
        co2 =
        lagPf =
        leadPf =
          0;
    }
    lines.push(
      [
        date,
        r2(usage),
        r2(lag),
        r2(lead),
        r2(co2),
        r2(lagPf),
        r2(leadPf),
        nsm,
        weekend ? "Weekend" : "Weekday",
        DAYS[dow],
        load,
      ].join(","),
    );
  }
  return lines.join("\r\n") + "\r\n";
}

let tempDir: string | undefined;

/**
 * Writes `text` to a file in a per-process temporary folder (removed when the process ends).
 *
 * @param text the content
 * @param name the file name
 * @returns the file's path
 */
export async function writeTempFile(text: string | Uint8Array, name = "data.csv"): Promise<string> {
  if (!tempDir) {
    tempDir = await Deno.makeTempDir({ prefix: "chronos_deno_test_" });
    const dir = tempDir;
    globalThis.addEventListener("unload", () => {
      try {
        Deno.removeSync(dir, { recursive: true });
      } catch {
        // already gone
      }
    });
  }
  const path = `${tempDir}/${crypto.randomUUID().slice(0, 8)}_${name}`;
  if (typeof text === "string") await Deno.writeTextFile(path, text);
  else await Deno.writeFile(path, text);
  return path;
}

let generated: Promise<string> | undefined;

/**
 * The steel CSV for a test: the real file when present, else a generated full year.
 *
 * @returns the path and whether it is the real UCI file
 */
export async function steelCsvPath(): Promise<{ path: string; real: boolean }> {
  const real = realSteelPath();
  if (real) return { path: real, real: true };
  generated ??= writeTempFile(generateSteelCsv(), "Steel_industry_data.csv");
  return { path: await generated, real: false };
}

/**
 * The generated full-year file, whether or not the real file is present.
 *
 * @returns the path of the generated file
 */
export function generatedSteelPath(): Promise<string> {
  generated ??= writeTempFile(generateSteelCsv(), "Steel_industry_data.csv");
  return generated;
}
