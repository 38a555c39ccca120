import { assert, assertEquals, assertRejects } from "../../_helpers/assert.ts";
import { assertClose } from "../../_helpers/assert_close.ts";
import { DataValidationError } from "../../../lib/errors.ts";
import { loadSteelData, STEEL_ROWS } from "../../../lib/datasets/steel.ts";
import { chronologicalSplits } from "../../../lib/data/splits.ts";
import { formatTimestamp } from "../../../lib/data/timestamp.ts";
import {
  generatedSteelPath,
  generateSteelCsv,
  realSteelPath,
  writeTempFile,
} from "../../_helpers/steel.ts";

const REAL = realSteelPath();
const iso = (t: number) => formatTimestamp(t, 540);

function stats(v: Float64Array) {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (const x of v) {
    min = Math.min(min, x);
    max = Math.max(max, x);
    sum += x;
  }
  const mean = sum / v.length;
  let ss = 0;
  for (const x of v) ss += (x - mean) ** 2;
  return { min, max, mean, std: Math.sqrt(ss / (v.length - 1)) };
}

function count(labels: string[]) {
  const c: Record<string, number> = {};
  for (const l of labels) c[l] = (c[l] ?? 0) + 1;
  return c;
}

Deno.test({
  name: "loadSteelData() reproduces dataset.md's statistics on the real file",
  ignore: REAL === undefined,
  fn: async () => {
    const d = await loadSteelData(REAL!, { expectedRows: STEEL_ROWS });
    assertEquals(d.target.length, 35040);
    // dataset.md "Values for loader tests": min / max / mean / sample std.
    const table: [string, number, number, number, number, number][] = [
      ["Usage_kWh", 0, 157.18, 27.386892, 33.444380, 1e-6],
      ["Lagging_Current_Reactive.Power_kVarh", 0, 96.91, 13.035384, 16.306000, 1e-6],
      ["Leading_Current_Reactive_Power_kVarh", 0, 27.76, 3.870949, 7.424463, 1e-6],
      ["CO2(tCO2)", 0, 0.07, 0.011524, 0.016151, 1e-6],
      ["Lagging_Current_Power_Factor", 0, 100, 80.578056, 18.921322, 1e-6],
      ["Leading_Current_Power_Factor", 0, 100, 84.367870, 30.456535, 1e-6],
      ["NSM", 0, 85500, 42750, 24940.53, 0.006],
    ];
    for (const [name, min, max, mean, std, atol] of table) {
      const v = name === "Usage_kWh" ? d.target : d.covariates.find((c) => c.name === name)!.values;
      const s = stats(v);
      assertClose([s.min, s.max, s.mean, s.std], [min, max, mean, std], {
        atol,
        rtol: 0,
        label: name,
      });
    }
    assertEquals(count(d.labels!.Load_Type!), {
      Light_Load: 18072,
      Medium_Load: 9696,
      Maximum_Load: 7272,
    });
    assertEquals(count(d.labels!.WeekStatus!), { Weekday: 25056, Weekend: 9984 });
    // Strictly regular, end-labelled, 2018-01-01 00:15 to 2019-01-01 00:00 at +09:00.
    assertEquals(iso(d.timestamps[0]!), "2018-01-01T00:15:00+09:00");
    assertEquals(iso(d.timestamps[35039]!), "2019-01-01T00:00:00+09:00");
    for (let i = 1; i < d.timestamps.length; i++) {
      if (d.timestamps[i]! - d.timestamps[i - 1]! !== 900_000) throw new Error(`step at ${i}`);
    }
    // The only zero usage: the row written "07/11/2018 00:00", i.e. the interval
    // 2018-11-07 23:45–24:00, end label 2018-11-08 00:00 after the fix; all readings zero.
    const zeros = [...d.target.keys()].filter((i) => d.target[i] === 0);
    assertEquals(zeros.length, 1);
    const z = zeros[0]!;
    assertEquals(iso(d.timestamps[z]!), "2018-11-08T00:00:00+09:00");
    assertEquals(d.labels!.Day_of_week![z], "Wednesday");
    for (const c of d.covariates.filter((c) => !c.knownInAdvance)) assertEquals(c.values[z], 0);
    // The split table of dataset.md (end labels).
    const s = chronologicalSplits(d.target.length);
    assertEquals(
      [s.train, s.val, s.test].map((
        r,
      ) => [iso(d.timestamps[r.start]!), iso(d.timestamps[r.end - 1]!)]),
      [
        ["2018-01-01T00:15:00+09:00", "2018-09-13T12:00:00+09:00"],
        ["2018-09-13T12:15:00+09:00", "2018-11-07T06:00:00+09:00"],
        ["2018-11-07T06:15:00+09:00", "2019-01-01T00:00:00+09:00"],
      ],
    );
  },
});

Deno.test("loadSteelData() reads the generated full year into the same shape", async () => {
  const d = await loadSteelData(await generatedSteelPath(), { expectedRows: STEEL_ROWS });
  assertEquals(d.target.length, 35040);
  assertEquals(d.frequencyMs, 900_000);
  assertEquals(d.utcOffsetMinutes, 540);
  assertEquals(d.targetName, "Usage_kWh");
  assertEquals(iso(d.timestamps[0]!), "2018-01-01T00:15:00+09:00");
  assertEquals(iso(d.timestamps[35039]!), "2019-01-01T00:00:00+09:00");
  assertEquals(d.covariates.map((c) => [c.name, c.knownInAdvance, c.values.length]), [
    ["WeekStatus", true, 35040],
    ["Load_Type_Maximum_Load", true, 35040],
    ["Load_Type_Medium_Load", true, 35040],
    ["NSM", true, 35040],
    ["CO2(tCO2)", false, 35040],
    ["Lagging_Current_Reactive.Power_kVarh", false, 35040],
    ["Leading_Current_Reactive_Power_kVarh", false, 35040],
    ["Lagging_Current_Power_Factor", false, 35040],
    ["Leading_Current_Power_Factor", false, 35040],
  ]);
  const z = d.target.indexOf(0);
  assertEquals(iso(d.timestamps[z]!), "2018-11-08T00:00:00+09:00");
  // Row 96 is written "01/01/2018 00:00": it closes 1 January, so it is 2 January 00:00.
  assertEquals(iso(d.timestamps[95]!), "2018-01-02T00:00:00+09:00");
  assertEquals(d.labels!.Day_of_week![95], "Monday");
  assertEquals(d.covariates[3]!.values[95], 0); // NSM
});

// Small files for the validation tests: 2 days = 192 rows.
const SMALL = generateSteelCsv({ days: 2 });
const lines = () => SMALL.split("\r\n");
const join = (ls: string[]) => ls.join("\r\n");

async function problems(text: string, options = {}) {
  const path = await writeTempFile(text);
  try {
    await loadSteelData(path, options);
  } catch (e) {
    assert(e instanceof DataValidationError, String(e));
    return e.problems;
  }
  throw new Error("expected a DataValidationError");
}

function editCell(row: number, col: number, value: string): string {
  const ls = lines();
  const cells = ls[row]!.split(",");
  cells[col] = value;
  ls[row] = cells.join(",");
  return join(ls);
}

Deno.test("loadSteelData() accepts the file without BOM and with LF line ends", async () => {
  const a = await loadSteelData(await writeTempFile(SMALL));
  const b = await loadSteelData(
    await writeTempFile(SMALL.replace("\uFEFF", "").replaceAll("\r\n", "\n")),
  );
  assertEquals(Array.from(a.target), Array.from(b.target));
  assertEquals(Array.from(a.timestamps), Array.from(b.timestamps));
});

Deno.test("loadSteelData() names missing and unexpected columns", async () => {
  const ls = lines();
  ls[0] = ls[0]!.replace(
    "Lagging_Current_Reactive.Power_kVarh",
    "Lagging_Current_Reactive_Power_kVarh",
  );
  const p = await problems(join(ls));
  assertEquals(p.map((x) => [x.kind, x.column]), [
    ["missing-column", "Lagging_Current_Reactive.Power_kVarh"],
    ["unexpected-column", "Lagging_Current_Reactive_Power_kVarh"],
  ]);
});

Deno.test("loadSteelData() names an extra column", async () => {
  const text = join(lines().map((l, i) => (l === "" ? l : l + (i === 0 ? ",Extra" : ",1"))));
  const p = await problems(text);
  assertEquals(p.map((x) => [x.kind, x.column]), [["unexpected-column", "Extra"]]);
});

Deno.test("loadSteelData() names unknown categories with row, column and value", async () => {
  const p = await problems(editCell(5, 10, "Heavy_Load"));
  assertEquals(p.map((x) => [x.kind, x.row, x.column, x.value]), [
    ["other", 5, "Load_Type", "Heavy_Load"],
  ]);
  assert(
    p[0]!.message.startsWith('Row 5 (line 6), column "Load_Type": "Heavy_Load" is not one of'),
  );
});

Deno.test("loadSteelData() names unparsable and out-of-range numbers", async () => {
  let text = editCell(3, 1, "3,5".replace(",", ";"));
  text = text.split("\r\n").map((l, i) => {
    if (i !== 7) return l;
    const c = l.split(",");
    c[5] = "100.5"; // a power factor above 100 %
    c[2] = "-1"; // negative kVarh
    return c.join(",");
  }).join("\r\n");
  const p = await problems(text);
  assertEquals(p.map((x) => [x.kind, x.row, x.column, x.value]), [
    ["bad-number", 3, "Usage_kWh", "3;5"],
    ["bad-number", 7, "Lagging_Current_Reactive.Power_kVarh", "-1"],
    ["bad-number", 7, "Lagging_Current_Power_Factor", "100.5"],
  ]);
});

Deno.test("loadSteelData() names unparsable dates (ISO and month-first text)", async () => {
  const p = await problems(editCell(2, 0, "2018-01-01 00:30"));
  assertEquals(p.map((x) => [x.kind, x.row, x.value]), [["bad-date", 2, "2018-01-01 00:30"]]);
  assert(p[0]!.message.includes('"%d/%m/%Y %H:%M"'));
});

Deno.test("loadSteelData() checks NSM, Day_of_week and WeekStatus against the time", async () => {
  let p = await problems(editCell(4, 7, "900"));
  assertEquals(p.map((x) => [x.row, x.column]), [[4, "NSM"]]);
  p = await problems(editCell(4, 9, "Tuesday"));
  assertEquals(p.map((x) => [x.row, x.column, x.value]), [[4, "Day_of_week", "Tuesday"]]);
  assert(p[0]!.message.includes("falls on a Monday"));
  p = await problems(editCell(4, 8, "Weekend"));
  assertEquals(p.map((x) => [x.row, x.column]), [[4, "WeekStatus"]]);
  // The check can be turned off.
  await loadSteelData(await writeTempFile(editCell(4, 9, "Tuesday")), { checkCalendar: false });
});

Deno.test("loadSteelData() reports a duplicate row", async () => {
  const ls = lines();
  ls.splice(11, 0, ls[10]!);
  const p = await problems(join(ls));
  assertEquals(p.map((x) => [x.kind, x.row]), [["duplicate-timestamp", 11]]);
});

Deno.test("loadSteelData() reports a missing row as a gap, or fills it on request", async () => {
  const ls = lines();
  ls.splice(50, 1); // data row 50: 01/01/2018 12:30
  const p = await problems(join(ls));
  assertEquals(p.map((x) => [x.kind, x.row]), [["gap", 50]]);
  assert(p[0]!.message.includes("1 missing 15 min step(s)"), p[0]!.message);
  const d = await loadSteelData(await writeTempFile(join(ls)), { fillGaps: true });
  assertEquals(d.target.length, 192);
  assert(Number.isNaN(d.target[49]!));
  assert(d.covariates.every((c) => Number.isNaN(c.values[49]!)));
  assertEquals(d.labels!.Load_Type![49], "");
});

Deno.test("loadSteelData() catches a file whose midnight rows were already moved", async () => {
  // "01/01/2018 00:00" rewritten as "02/01/2018 00:00" would be moved again, to 3 January.
  const p = await problems(editCell(96, 0, "02/01/2018 00:00"));
  const rows = p.map((x) => `${x.kind}@${x.row}:${x.column ?? ""}`);
  // Row 192 now repeats row 96's time, row 97 goes back in time, and the calendar disagrees.
  assertEquals(rows, ["duplicate-timestamp@192:", "other@97:", "other@96:Day_of_week"]);
});

Deno.test("loadSteelData() checks the row count when asked", async () => {
  const p = await problems(SMALL, { expectedRows: STEEL_ROWS });
  assertEquals(p.map((x) => x.kind), ["other"]);
  assert(p[0]!.message.includes("192 data rows, expected 35040"));
});

Deno.test("loadSteelData() names a row with too many fields", async () => {
  const p = await problems(editCell(9, 10, "Light_Load,extra"));
  assertEquals(p.map((x) => [x.kind, x.row]), [["other", 9]]);
  assert(p[0]!.message.includes("has 12 fields but the header has 11"));
});

Deno.test("loadSteelData() rejects an empty file and a missing file", async () => {
  const p = await problems("");
  assertEquals(p.map((x) => x.kind), ["empty"]);
  await assertRejects(() => loadSteelData("/nonexistent/steel.csv"), Deno.errors.NotFound);
});
