import { assert, assertEquals, assertRejects, assertThrows } from "../../_helpers/assert.ts";
import { DataValidationError } from "../../../lib/errors.ts";
import { readCsvTable, toDataFrame } from "../../../lib/data/polars.ts";
import { writeTempFile } from "../../_helpers/steel.ts";

Deno.test("readCsvTable() reads every cell as text, with BOM, CRLF and quotes", async () => {
  const path = await writeTempFile('\uFEFFa,b,c\r\n1,"x,y",\r\n 2 ,"say ""hi""",3\r\n');
  const t = await readCsvTable(path);
  assertEquals(t.header, ["a", "b", "c"]);
  assertEquals(t.rowCount, 2);
  assertEquals(t.column("a"), ["1", " 2 "]);
  assertEquals(t.column("b"), ["x,y", 'say "hi"']);
  assertEquals(t.column("c"), ["", "3"]); // empty cell is ""
  assertThrows(() => t.column("d"), RangeError);
});

Deno.test("readCsvTable().numeric() converts in polars and flags rows to check as text", async () => {
  const cells = ["1.5", " 3", "NaN", "inf", "x", "", "1e5", "-0.25", "1e400", "7"];
  const t = await readCsvTable(await writeTempFile(`a\n${cells.join("\n")}\n`));
  const { values, suspect } = t.numeric("a");
  // Unreadable (" 3", "x", "") and non-finite ("NaN", "inf", "1e400") rows are suspect.
  assertEquals(suspect, [1, 2, 3, 4, 5, 8]);
  assertEquals([values[0], values[6], values[7], values[9]], [1.5, 100000, -0.25, 7]);
  assertThrows(() => t.numeric("b"), RangeError);
});

Deno.test("readCsvTable() keeps duplicate header names as written", async () => {
  const t = await readCsvTable(await writeTempFile("a,a\n1,2\n"));
  assertEquals(t.header, ["a", "a"]);
});

Deno.test("readCsvTable() names rows with too many fields", async () => {
  const path = await writeTempFile("a,b\n1,2\n3,4,5\n6,7\n8,9,10,11\n");
  try {
    await readCsvTable(path);
    throw new Error("expected an error");
  } catch (e) {
    assert(e instanceof DataValidationError);
    assertEquals(e.problems.map((p) => p.row), [2, 4]);
    assertEquals(e.problems[0]!.message, "Row 2 (line 3) has 3 fields but the header has 2");
  }
});

Deno.test("readCsvTable() rejects empty files, non-UTF-8 files and bad separators", async () => {
  await assertRejects(() => readCsvTable(writeTempFileSync("")), /needs a header line/);
  await assertRejects(() => readCsvTable(writeTempFileSync("\n\n")), DataValidationError);
  const latin1 = await writeTempFile(
    new Uint8Array([0x61, 0x2c, 0x62, 0x0a, 0xe9, 0x2c, 0x31, 0x0a]),
  );
  await assertRejects(() => readCsvTable(latin1), /not valid UTF-8/);
  await assertRejects(() => readCsvTable(latin1, { separator: ";;" }), RangeError);
});

function writeTempFileSync(text: string): string {
  const p = Deno.makeTempFileSync({ suffix: ".csv" });
  Deno.writeTextFileSync(p, text);
  return p;
}

Deno.test("toDataFrame() builds a polars frame with the columns in order and their types", async () => {
  const df = await toDataFrame([
    ["1", [true, false]],
    ["id", ["a", "b"]],
    ["when", [new Date(0), new Date(900_000)]],
    ["x", Float32Array.of(0.5, 1.25)],
    ["y", [1.5, null]],
  ]);
  assertEquals(df.columns, ["1", "id", "when", "x", "y"]); // a record would put "1" first anyway
  assertEquals(df.height, 2);
  assertEquals(df.dtypes.map(String), [
    "DataType(Bool)",
    "DataType(String)",
    "DataType(Datetime(ms,))",
    "DataType(Float32)",
    "DataType(Float64)",
  ]);
  assertEquals(df.getColumn("when").toArray(), [new Date(0), new Date(900_000)]);
  assertEquals(df.getColumn("y").toArray(), [1.5, null]);
  assertEquals((await toDataFrame({ a: [1], b: ["z"] })).columns, ["a", "b"]);
});

Deno.test("toDataFrame() rejects repeated names and columns of different lengths", async () => {
  await assertRejects(() => toDataFrame([["a", [1]], ["a", [2]]]), /column "a" is given twice/);
  await assertRejects(() => toDataFrame({ a: [1, 2], b: [1] }), RangeError);
});
