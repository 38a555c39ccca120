// Robustness of the CSV series reader: random well-formed files read back
// exactly; mutated files give a typed error or a consistent series.
import assert from "node:assert/strict";
import fc from "fast-check";
import { DataValidationError } from "../../lib/errors.ts";
import { loadCsvSeries } from "../../lib/data/csv_series.ts";
import { mutate, mutations, RUNS, typedErrorOrResult } from "./_mutate.ts";

const OPTIONS = {
  timestampColumn: "time",
  targetColumn: "y",
  covariates: ["x"],
  extraColumns: "ignore" as const,
};
const value = fc.double({ min: -1e12, max: 1e12, noNaN: true, noDefaultInfinity: true });
const table = fc.array(fc.tuple(value, value), { minLength: 2, maxLength: 40 });

function csvText(rows: readonly (readonly [number, number])[]): string {
  const t0 = Date.UTC(2024, 0, 1);
  return "time,y,x\n" +
    rows.map(([y, x], i) => `${new Date(t0 + i * 3_600_000).toISOString()},${y},${x}`).join("\n") +
    "\n";
}

Deno.test("loadCsvSeries() reads back every random well-formed file exactly", async () => {
  await fc.assert(
    fc.asyncProperty(table, async (rows) => {
      const content = new TextEncoder().encode(csvText(rows));
      const s = await loadCsvSeries("random.csv", { ...OPTIONS, content });
      assert.deepEqual(Array.from(s.target), rows.map(([y]) => y === 0 ? 0 : y));
      assert.equal(s.timestamps.length, rows.length);
    }),
    { numRuns: RUNS.csvValid, timeout: 20_000 },
  );
});

Deno.test("loadCsvSeries() meets mutated files with a typed error or a consistent series", async () => {
  await fc.assert(
    fc.asyncProperty(table, mutations(), async (rows, edits) => {
      const content = mutate(new TextEncoder().encode(csvText(rows)), edits);
      await typedErrorOrResult(
        () => loadCsvSeries("mutated.csv", { ...OPTIONS, content }),
        [DataValidationError, SyntaxError, RangeError],
        (s) => {
          assert.equal(s.target.length, s.timestamps.length);
          for (let i = 1; i < s.timestamps.length; i++) {
            assert.ok(s.timestamps[i]! > s.timestamps[i - 1]!, "timestamps increase");
          }
        },
      );
    }),
    { numRuns: RUNS.csvMutated, timeout: 20_000 },
  );
});
