import { assertEquals } from "../../_helpers/assert.ts";
import { compareResults } from "../../../lib/report/comparison.ts";
import { headline, setupLine, skillLine } from "../../../lib/report/summary.ts";
import { FINETUNED, loaded, results, twoFiles, ZERO_SHOT } from "./_fixtures.ts";

Deno.test("setupLine() says split, windows, rows, time span and data", () => {
  assertEquals(
    setupLine(compareResults(twoFiles())),
    "test split, 4 windows of 2 steps (rows 100–104, 2018-11-01 00:15 to 2018-11-01 01:00 " +
      "(UTC+09:00)), data Steel_industry_data.csv",
  );
});

Deno.test("headline() names the lowest RMSE and its gain over the reference", () => {
  assertEquals(
    headline(compareResults(twoFiles())),
    "chronos-2 fine-tuned has the lowest RMSE, 2.000 kWh: 50.0 % lower than persistence (4.000 kWh).",
  );
  const noRef = compareResults([loaded("a", results([ZERO_SHOT, FINETUNED]))]);
  assertEquals(headline(noRef), "chronos-2 fine-tuned has the lowest RMSE, 2.000 kWh.");
  assertEquals(skillLine(noRef), undefined);
});

Deno.test("skillLine() defines skill with the reference's RMSE", () => {
  assertEquals(
    skillLine(compareResults(twoFiles())),
    "Skill = 1 − RMSE / RMSE of persistence (4.000 kWh); coverage is the share of actuals " +
      "inside the 10–90 % interval.",
  );
});
