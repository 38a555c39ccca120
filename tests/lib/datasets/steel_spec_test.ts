import { assert, assertEquals } from "../../_helpers/assert.ts";
import { STEEL_SPEC } from "../../../lib/datasets/steel_spec.ts";
import { seasonalPeriods } from "../../../lib/datasets/spec.ts";
import { generatedSteelPath } from "../../_helpers/steel.ts";

Deno.test("STEEL_SPEC states the UCI file's quirks and the original project's names", () => {
  assertEquals(STEEL_SPEC.name, "steel");
  assertEquals(STEEL_SPEC.target, "Usage_kWh");
  assertEquals(STEEL_SPEC.timestamp, {
    column: "date",
    format: "%d/%m/%Y %H:%M",
    utcOffsetMinutes: 540,
    midnightIsEndOfDay: true,
  });
  assertEquals(STEEL_SPEC.frequencyMs, 15 * 60_000);
  assertEquals(seasonalPeriods(STEEL_SPEC, STEEL_SPEC.frequencyMs!), {
    seasonalPeriod: 96,
    weeklyPeriod: 672,
  });
  assertEquals(STEEL_SPEC.segmentColumn, "Load_Type");
  assertEquals(STEEL_SPEC.segmentLabel, "load type");
  assertEquals(STEEL_SPEC.segmentOrder, ["Light_Load", "Medium_Load", "Maximum_Load"]);
  assertEquals(STEEL_SPEC.experiments, {
    zeroShot: "steel_energy_chronos2",
    finetuned: "steel_energy_chronos2_finetuned",
    finetunedCovariates: "steel_energy_chronos2_finetuned_covariates",
  });
  assertEquals(
    STEEL_SPEC.covariates.filter((c) => c.knownInAdvance).map((c) => c.name),
    ["WeekStatus", "Load_Type_Maximum_Load", "Load_Type_Medium_Load", "NSM"],
  );
  assert(Object.isFrozen(STEEL_SPEC));
});

Deno.test("STEEL_SPEC resolves a given path and loads it with the covariates in spec order", async () => {
  const file = await generatedSteelPath();
  const { path, origin } = await STEEL_SPEC.resolve({ data: file });
  assertEquals([path, origin], [file, "argument"]);
  const data = await STEEL_SPEC.load(path);
  assertEquals(data.targetName, STEEL_SPEC.target);
  assertEquals(data.frequencyMs, STEEL_SPEC.frequencyMs);
  assertEquals(data.utcOffsetMinutes, 540);
  assertEquals(
    data.covariates.map((c) => [c.name, c.knownInAdvance]),
    STEEL_SPEC.covariates.map((c) => [c.name, c.knownInAdvance]),
  );
  assert(data.labels?.[STEEL_SPEC.segmentColumn!] !== undefined);
});
