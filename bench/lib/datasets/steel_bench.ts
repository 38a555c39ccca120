/**
 * Load time of the steel CSV: the raw polars read (all cells as text) and the
 * full validated load (dates, numbers, calendar checks, covariates). Uses the
 * real file when present, else a generated one with the same schema.
 *
 * Run: `npx deno bench --allow-all bench/lib/data/steel_bench.ts`
 *
 * @module
 */

import { readCsvTable } from "../../../lib/data/polars.ts";
import { loadSteelData } from "../../../lib/datasets/steel.ts";
import { evaluateBaselines } from "../../../lib/baselines/evaluate_baselines.ts";
import { steelCsvPath } from "../../../tests/_helpers/steel.ts";

const { path, real } = await steelCsvPath();
const label = real ? "real UCI file" : "generated file";
// Warm up polars' native library so that the first sample does not pay for loading it.
await readCsvTable(path);
const data = await loadSteelData(path);

Deno.bench(`readCsvTable: 35,040 rows as text (${label})`, { group: "load" }, async () => {
  const t = await readCsvTable(path);
  for (const name of t.header) t.column(name);
});

Deno.bench(`loadSteelData: validated series + covariates (${label})`, {
  group: "load",
  baseline: true,
}, async () => {
  await loadSteelData(path);
});

Deno.bench(`evaluateBaselines: test split, H = 1, 5,256 origins (${label})`, async () => {
  await evaluateBaselines(data, { split: "test" });
});
