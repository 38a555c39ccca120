// Robustness of the zip reader: random archives list and extract exactly;
// mutated archives give a SyntaxError or entries whose content checks out.
import assert from "node:assert/strict";
import fc from "fast-check";
import { extractZipEntry, listZipEntries } from "../../lib/data/zip.ts";
import { buildZip } from "../lib/data/_zip_writer.ts";
import { mutate, mutations, RUNS, typedErrorOrResult } from "./_mutate.ts";

const files = fc.uniqueArray(
  fc.record({
    name: fc.stringMatching(/^[a-z0-9_][a-z0-9_./-]{0,19}$/),
    data: fc.oneof(
      fc.uint8Array({ maxLength: 3000 }),
      fc.string({ maxLength: 2000 }).map((s) => new TextEncoder().encode(s.repeat(3))),
    ),
    method: fc.constantFrom(0 as const, 8 as const),
  }),
  { minLength: 1, maxLength: 4, selector: (f) => f.name },
);

Deno.test("listZipEntries()/extractZipEntry() read back every random archive exactly", async () => {
  await fc.assert(
    fc.asyncProperty(files, async (fs) => {
      const zip = await buildZip(fs);
      const entries = listZipEntries(zip);
      assert.deepEqual(entries.map((e) => e.name), fs.map((f) => f.name));
      for (const [i, e] of entries.entries()) {
        assert.deepEqual(await extractZipEntry(zip, e), fs[i]!.data);
      }
    }),
    { numRuns: RUNS.zipValid },
  );
});

Deno.test("the zip reader meets mutated archives with a SyntaxError or entries of their declared size", async () => {
  await fc.assert(
    fc.asyncProperty(files, mutations(), async (fs, edits) => {
      const zip = mutate(await buildZip(fs), edits);
      await typedErrorOrResult(
        async () => {
          const out: [number, Uint8Array][] = [];
          for (const e of listZipEntries(zip)) out.push([e.size, await extractZipEntry(zip, e)]);
          return out;
        },
        [SyntaxError, RangeError],
        (out) => {
          for (const [size, data] of out) assert.equal(data.length, size);
        },
      );
    }),
    { numRuns: RUNS.zipMutated, timeout: 10_000 },
  );
});
