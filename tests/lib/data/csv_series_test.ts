import { assert, assertEquals, assertRejects } from "../../_helpers/assert.ts";
import { DataValidationError } from "../../../lib/errors.ts";
import { type CsvSeriesOptions, loadCsvSeries } from "../../../lib/data/csv_series.ts";
import { writeTempFile } from "../../_helpers/steel.ts";

const BASE: CsvSeriesOptions = {
  timestampColumn: "time",
  targetColumn: "y",
  covariates: ["temp", "hour"],
  knownInAdvance: ["hour"],
  frequency: "1h",
};
const GOOD = "time,y,temp,hour\n" +
  "2024-03-01 00:00,1.5,10,0\n" +
  "2024-03-01 01:00,2,11,1\n" +
  "2024-03-01 02:00,-3e1,12,2\n";

async function problemsOf(text: string, opts: Partial<CsvSeriesOptions> = {}) {
  const path = await writeTempFile(text);
  const err = await assertRejectsWith(() => loadCsvSeries(path, { ...BASE, ...opts }));
  return err.problems;
}

async function assertRejectsWith(fn: () => Promise<unknown>): Promise<DataValidationError> {
  try {
    await fn();
  } catch (e) {
    assert(e instanceof DataValidationError, `expected DataValidationError, got ${e}`);
    return e;
  }
  throw new Error("expected a DataValidationError, nothing was thrown");
}

Deno.test("loadCsvSeries() reads a well-formed file", async () => {
  const path = await writeTempFile(GOOD);
  const d = await loadCsvSeries(path, { ...BASE, utcOffset: "+01:00" });
  assertEquals(Array.from(d.target), [1.5, 2, -30]);
  assertEquals(d.frequencyMs, 3_600_000);
  assertEquals(d.timestamps[0], Date.UTC(2024, 1, 29, 23, 0)); // 00:00 at +01:00
  assertEquals(d.utcOffsetMinutes, 60);
  assertEquals(d.covariates.map((c) => [c.name, c.knownInAdvance, Array.from(c.values)]), [
    ["temp", false, [10, 11, 12]],
    ["hour", true, [0, 1, 2]],
  ]);
  assertEquals(d.targetName, "y");
});

Deno.test("loadCsvSeries() names missing columns and lists the header", async () => {
  const problems = await problemsOf(GOOD.replace("temp", "tmp"));
  const missing = problems.filter((p) => p.kind === "missing-column");
  assertEquals(missing.map((p) => p.column), ["temp"]);
  assert(missing[0]!.message.includes('"time", "y", "tmp", "hour"'), missing[0]!.message);
});

Deno.test("loadCsvSeries() names unexpected columns when asked to be strict, warns by default", async () => {
  const text = GOOD.replace("hour\n", "hour,note\n").replace(/(\d)\n/g, "$1,x\n");
  const problems = await problemsOf(text, { extraColumns: "error" });
  assertEquals(problems.map((p) => [p.kind, p.column]), [["unexpected-column", "note"]]);
  const warnings: string[] = [];
  const path = await writeTempFile(text);
  await loadCsvSeries(path, { ...BASE, onWarning: (m) => warnings.push(m) });
  assertEquals(warnings.length, 1);
  assert(warnings[0]!.includes('"note"'));
  const quiet: string[] = [];
  await loadCsvSeries(path, { ...BASE, extraColumns: "ignore", onWarning: (m) => quiet.push(m) });
  assertEquals(quiet, []);
});

Deno.test("loadCsvSeries() rejects a header with a repeated column", async () => {
  const text = "time,y,y\n2024-03-01 00:00,1,2\n2024-03-01 01:00,1,2\n";
  const problems = await problemsOf(text, { covariates: [], knownInAdvance: [] });
  assertEquals(problems.map((p) => [p.kind, p.column]), [["unexpected-column", "y"]]);
  assert(problems[0]!.message.includes("appears 2 times"));
});

Deno.test("loadCsvSeries() names row, column and value of unparsable numbers", async () => {
  const text = GOOD.replace("2,11,1", "2,1;1,1").replace("-3e1,12", ",12");
  const problems = await problemsOf(text);
  assertEquals(problems.map((p) => [p.kind, p.row, p.column, p.value]), [
    ["bad-number", 3, "y", ""],
    ["bad-number", 2, "temp", "1;1"],
  ]);
  assertEquals(
    problems[1]!.message,
    'Row 2 (line 3), column "temp": cannot read "1;1" as a number',
  );
  assertEquals(problems[0]!.message, 'Row 3 (line 4), column "y": the cell is empty');
});

Deno.test("loadCsvSeries() refuses NaN and infinity texts unless listed as missing values", async () => {
  const text = GOOD.replace("1.5,10", "NaN,10").replace("2,11", "inf,11");
  const problems = await problemsOf(text);
  assertEquals(problems.map((p) => p.value), ["NaN", "inf"]);
  const path = await writeTempFile(GOOD.replace("1.5,10", "NA,10"));
  const d = await loadCsvSeries(path, { ...BASE, naValues: ["NA"] });
  assert(Number.isNaN(d.target[0]!));
});

Deno.test("loadCsvSeries() reads numbers strictly: spaces and exponents yes, overflow and hex no", async () => {
  const cells = [" 3 ", "+.5", "-2e-3", "1e400", "0x10", "1_0", "5."];
  const text = "time,y\n" +
    cells.map((c, i) => `2024-03-01T0${i}:00Z,${c}`).join("\n") + "\n";
  const problems = await problemsOf(text, { covariates: [], knownInAdvance: [] });
  assertEquals(problems.map((p) => [p.row, p.value]), [[4, "1e400"], [5, "0x10"], [6, "1_0"]]);
  assert(problems[0]!.message.includes("beyond the float64 range"));
  const ok = "time,y\n" + [" 3 ", "+.5", "-2e-3", "5."].map((c, i) => `2024-03-01T0${i}:00Z,${c}`)
    .join("\n") +
    "\n";
  const d = await loadCsvSeries(await writeTempFile(ok), {
    timestampColumn: "time",
    targetColumn: "y",
  });
  assertEquals(Array.from(d.target), [3, 0.5, -0.002, 5]);
});

Deno.test("loadCsvSeries() names row, column and value of unparsable dates", async () => {
  const text = GOOD.replace("2024-03-01 01:00", "2024-02-30 01:00");
  const problems = await problemsOf(text);
  assertEquals(problems.map((p) => [p.kind, p.row, p.column, p.value]), [
    ["bad-date", 2, "time", "2024-02-30 01:00"],
  ]);
  assert(problems[0]!.message.includes('with the date format "iso"'));
});

Deno.test("loadCsvSeries() reads day-first dates with an explicit format", async () => {
  const path = await writeTempFile(
    "time,y\n12/01/2024 23:00,1\n13/01/2024 00:00,2\n13/01/2024 01:00,3\n",
  );
  const opts = { timestampColumn: "time", targetColumn: "y", dateFormat: "%d/%m/%Y %H:%M" };
  const d = await loadCsvSeries(path, opts);
  assertEquals(d.timestamps[0], Date.UTC(2024, 0, 12, 23));
  // Month-first reading of the same file fails loudly (13 is not a month).
  const err = await assertRejectsWith(() =>
    loadCsvSeries(path, { ...opts, dateFormat: "%m/%d/%Y %H:%M" })
  );
  assertEquals(err.problems.map((p) => p.row), [2, 3]);
});

Deno.test("loadCsvSeries() reports duplicate timestamps", async () => {
  const text = GOOD.replace("2024-03-01 02:00", "2024-03-01 01:00");
  const problems = await problemsOf(text);
  assertEquals(problems.map((p) => [p.kind, p.row]), [["duplicate-timestamp", 3]]);
});

Deno.test("loadCsvSeries() reports gaps by default and fills them with NaN on request", async () => {
  const text = GOOD + "2024-03-01 05:00,4,13,5\n";
  const problems = await problemsOf(text);
  assertEquals(problems.map((p) => [p.kind, p.row]), [["gap", 4]]);
  assert(problems[0]!.message.includes("2 missing 1 h step(s)"), problems[0]!.message);
  const path = await writeTempFile(text);
  const d = await loadCsvSeries(path, { ...BASE, fillGaps: true });
  assertEquals(Array.from(d.target).map((v) => (Number.isNaN(v) ? null : v)), [
    1.5,
    2,
    -30,
    null,
    null,
    4,
  ]);
  assert(Number.isNaN(d.covariates[1]!.values[3]!));
});

Deno.test("loadCsvSeries() reports an irregular frequency", async () => {
  const text = GOOD + "2024-03-01 03:30,4,13,5\n";
  const problems = await problemsOf(text);
  assertEquals(problems.map((p) => [p.kind, p.row]), [["irregular-frequency", 4]]);
  const inferred = await problemsOf(text, { frequency: undefined as unknown as string });
  assertEquals(inferred.map((p) => p.kind), ["irregular-frequency"]);
});

Deno.test("loadCsvSeries() reports out-of-order rows, or sorts them on request", async () => {
  const lines = GOOD.trim().split("\n");
  const text = [lines[0], lines[2], lines[1], lines[3]].join("\n") + "\n";
  const problems = await problemsOf(text);
  assertEquals(problems.map((p) => [p.kind, p.row]), [["other", 2]]);
  const path = await writeTempFile(text);
  const d = await loadCsvSeries(path, { ...BASE, sort: true });
  assertEquals(Array.from(d.target), [1.5, 2, -30]);
});

Deno.test("loadCsvSeries() collects every problem before throwing once", async () => {
  const text = "time,y,temp\n2024-03-01 00:00,a,1\nnever,2,b\n";
  const err = await assertRejectsWith(async () => {
    const path = await writeTempFile(text);
    await loadCsvSeries(path, BASE);
  });
  // The missing column and the values of the columns that are there.
  assertEquals(err.problems.map((p) => p.kind), [
    "missing-column",
    "bad-date",
    "bad-number",
    "bad-number",
  ]);
  const err2 = await assertRejectsWith(async () => {
    const path = await writeTempFile("time,y,temp,hour\n2024-03-01 00:00,a,1,0\nnever,2,b,1\n");
    await loadCsvSeries(path, BASE);
  });
  assertEquals(err2.problems.map((p) => p.kind), ["bad-date", "bad-number", "bad-number"]);
  assert(err2.message.includes("3 problem(s) found"));
});

Deno.test("loadCsvSeries() moves 00:00 to the next day when midnight closes the day", async () => {
  const path = await writeTempFile(
    "t,y\n01/01/2024 23:45,1\n01/01/2024 00:00,2\n02/01/2024 00:15,3\n",
  );
  const d = await loadCsvSeries(path, {
    timestampColumn: "t",
    targetColumn: "y",
    dateFormat: "%d/%m/%Y %H:%M",
    utcOffset: "+09:00",
    midnightIsEndOfDay: true,
  });
  assertEquals(d.timestamps[1], Date.UTC(2024, 0, 1, 15, 0)); // 2024-01-02 00:00 +09:00
  assertEquals(d.frequencyMs, 900_000);
});

Deno.test("loadCsvSeries() keeps label columns and reads other separators", async () => {
  const path = await writeTempFile("time;y;kind\n2024-03-01T00:00Z;1;a\n2024-03-01T00:30Z;2;b\n");
  const d = await loadCsvSeries(path, {
    timestampColumn: "time",
    targetColumn: "y",
    labelColumns: ["kind"],
    separator: ";",
  });
  assertEquals(d.labels, { kind: ["a", "b"] });
  assertEquals(d.frequencyMs, 1_800_000);
});

Deno.test("loadCsvSeries() rejects contradictory options with RangeError", async () => {
  const path = await writeTempFile(GOOD);
  await assertRejects(() => loadCsvSeries(path, { ...BASE, covariates: ["y"] }), RangeError);
  await assertRejects(
    () => loadCsvSeries(path, { ...BASE, knownInAdvance: ["nope"] }),
    /Cannot mark "nope" as known in advance/,
  );
  await assertRejects(() => loadCsvSeries(path, { ...BASE, frequency: "often" }), RangeError);
  await assertRejects(() => loadCsvSeries(path, { ...BASE, dateFormat: "%Q" }), SyntaxError);
});

Deno.test("loadCsvSeries() reports a file with only a header, and a missing file", async () => {
  const problems = await problemsOf("time,y,temp,hour\n");
  assertEquals(problems.map((p) => p.kind), ["empty"]);
  await assertRejects(
    () => loadCsvSeries("/nonexistent/x.csv", BASE),
    /Cannot find the CSV file "\/nonexistent\/x.csv"/,
  );
});

Deno.test("loadCsvSeries() quotes a huge bad field cut, with its length", async () => {
  const field = "z".repeat(5_000_000);
  const text = GOOD.replace("2,11,1", `${field},11,1`);
  const path = await writeTempFile(text);
  const err = await assertRejectsWith(() => loadCsvSeries(path, BASE));
  assert(err.message.length < 1000, `${err.message.length} characters`);
  assert(err.message.includes("(5000000 characters)"), err.message);
});

Deno.test("loadCsvSeries() refuses values too large for the model (1e300) up front", async () => {
  const problems = await problemsOf(GOOD.replace("1.5,10", "1e300,10").replace("2,11", "2,-4e20"));
  assertEquals(problems.map((p) => [p.kind, p.row, p.column]), [
    ["bad-number", 1, "y"],
    ["bad-number", 2, "temp"],
  ]);
  assert(problems[0]!.message.includes("1e+300 is too large for the model"), problems[0]!.message);
  assert(problems[0]!.message.endsWith("rescale the column"));
});
