// Robustness of the results reader: random valid results read back exactly;
// mutated ones (values swapped for random JSON, keys dropped, text cut or
// garbled) give a typed error or results that hold what the report relies on.
import assert from "node:assert/strict";
import fc from "fast-check";
import { DataValidationError } from "../../lib/errors.ts";
import { parseResults } from "../../lib/results/read.ts";
import { resultsToJson } from "../../lib/results/write.ts";
import type { EvaluationResults } from "../../lib/results/schema.ts";
import { PERSISTENCE, results, ZERO_SHOT } from "../lib/report/_fixtures.ts";
import { mutate, mutations, RUNS, typedErrorOrResult } from "./_mutate.ts";

const finite = fc.double({ min: -1e9, max: 1e9, noNaN: true, noDefaultInfinity: true })
  .map((v) => v === 0 ? 0 : v);
const cell = fc.oneof({ weight: 4, arbitrary: finite }, { weight: 1, arbitrary: fc.constant(NaN) });

/** The fixture with every actual and point forecast replaced by random values. */
const randomResults = fc.tuple(
  fc.array(fc.array(cell, { minLength: 2, maxLength: 2 }), { minLength: 4, maxLength: 4 }),
  fc.array(fc.array(cell, { minLength: 2, maxLength: 2 }), { minLength: 4, maxLength: 4 }),
  finite,
).map(([actuals, point, rmse]) => {
  const r = results([PERSISTENCE, ZERO_SHOT]);
  r.actuals = actuals;
  r.models[0]!.point = point;
  r.models[0]!.metrics.rmse = Math.abs(rmse);
  return r;
});

function sameNumbers(a: number[][], b: number[][]): void {
  assert.equal(a.length, b.length);
  a.forEach((row, i) => row.forEach((v, j) => assert.ok(Object.is(v, b[i]![j]), `[${i}][${j}]`)));
}

function consistent(r: EvaluationResults): void {
  const n = r.origins.length;
  assert.equal(r.timestamps.length, n);
  assert.equal(r.actuals.length, n);
  for (const m of r.models) {
    assert.equal(m.point.length, n);
    for (const k of ["n", "rmse", "mae"] as const) assert.ok(Number.isFinite(m.metrics[k]), k);
  }
}

Deno.test("parseResults() reads back every random valid results file exactly", () => {
  fc.assert(
    fc.property(randomResults, (r) => {
      const back = parseResults(resultsToJson(r), "random.json");
      sameNumbers(back.actuals, r.actuals);
      sameNumbers(back.models[0]!.point, r.models[0]!.point);
      assert.equal(back.models[0]!.metrics.rmse, r.models[0]!.metrics.rmse);
      consistent(back);
    }),
    { numRuns: RUNS.resultsValid },
  );
});

/** Which node of the fixture's JSON tree (any depth, uniformly) and what to do there. */
const structural = fc.record({
  pick: fc.nat(),
  action: fc.oneof(
    fc.record({
      kind: fc.constant("set" as const),
      value: fc.oneof(
        fc.jsonValue({ maxDepth: 2 }),
        fc.constantFrom(null, "", "NaN", -1, 1e300, 0.5, [], {}, [[]], "x".repeat(10_000)),
      ),
    }),
    fc.record({ kind: fc.constant("delete" as const) }),
  ),
});
type Structural = typeof structural extends fc.Arbitrary<infer T> ? T : never;

function nodes(root: unknown): [Record<string, unknown>, string][] {
  const out: [Record<string, unknown>, string][] = [];
  const walk = (node: unknown) => {
    if (typeof node !== "object" || node === null) return;
    for (const key of Object.keys(node)) {
      out.push([node as Record<string, unknown>, key]);
      walk((node as Record<string, unknown>)[key]);
    }
  };
  walk(root);
  return out;
}

function applyStructural(root: unknown, edit: Structural): void {
  const all = nodes(root);
  if (all.length === 0) return;
  const [parent, key] = all[edit.pick % all.length]!;
  if (edit.action.kind === "delete") {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
  } else {
    parent[key] = structuredClone(edit.action.value);
  }
}

Deno.test("parseResults() meets structurally mutated files with a typed error or consistent results", async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(structural, { minLength: 1, maxLength: 3 }), async (edits) => {
      const raw = JSON.parse(resultsToJson(results([PERSISTENCE, ZERO_SHOT])));
      for (const e of edits) applyStructural(raw, e);
      await typedErrorOrResult(
        () => parseResults(JSON.stringify(raw), "mutated.json"),
        [DataValidationError, SyntaxError],
        consistent,
      );
    }),
    { numRuns: RUNS.resultsMutated / 2 },
  );
});

Deno.test("parseResults() meets byte-mutated files with a typed error or consistent results", async () => {
  const text = new TextEncoder().encode(resultsToJson(results([PERSISTENCE, ZERO_SHOT])));
  await fc.assert(
    fc.asyncProperty(mutations(), async (edits) => {
      const garbled = new TextDecoder().decode(mutate(text, edits));
      await typedErrorOrResult(
        () => parseResults(garbled, "garbled.json"),
        [DataValidationError, SyntaxError],
        consistent,
      );
    }),
    { numRuns: RUNS.resultsMutated / 2 },
  );
});
