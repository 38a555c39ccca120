import { assertEquals, assertRejects } from "../../_helpers/assert.ts";
import { csvForecastInput } from "../../../lib/data/csv_forecast_input.ts";
import { DataValidationError } from "../../../lib/errors.ts";

const enc = (s: string) => new TextEncoder().encode(s);
const CSV = "timestamp,target,temp,hour\n" +
  "2024-03-01T00:00:00+01:00,1,10,0\n" +
  "2024-03-01T01:00:00+01:00,2,11,1\n" +
  "2024-03-01T02:00:00+01:00,3,12,2\n" +
  "2024-03-01T03:00:00+01:00,4,13,3\n" +
  "2024-03-01T04:00:00+01:00,5,14,4\n";

Deno.test("csvForecastInput() keeps every row as history without known covariates", async () => {
  const got = await csvForecastInput("mem.csv", {
    predictionLength: 2,
    covariates: ["temp"],
    utcOffset: "+01:00",
    content: enc(CSV),
  });
  assertEquals(Array.from(got.target), [1, 2, 3, 4, 5]);
  assertEquals(Array.from(got.pastCovariates!.temp!), [10, 11, 12, 13, 14]);
  assertEquals(got.futureCovariates, undefined);
  assertEquals(got.frequencyMs, 3_600_000);
  assertEquals(got.utcOffsetMinutes, 60);
  assertEquals(got.timestamps[0], Date.UTC(2024, 1, 29, 23));
  assertEquals(got.actual.length, 0);
});

Deno.test("csvForecastInput() reads known covariates' future from the last rows", async () => {
  const got = await csvForecastInput("mem.csv", {
    predictionLength: 2,
    covariates: ["temp"],
    known: ["hour"],
    content: enc(CSV),
  });
  assertEquals(Array.from(got.target), [1, 2, 3]);
  assertEquals(Array.from(got.pastCovariates!.hour!), [0, 1, 2]);
  assertEquals(Array.from(got.futureCovariates!.hour!), [3, 4]);
  assertEquals(Object.keys(got.futureCovariates!), ["hour"]);
  assertEquals(Array.from(got.actual), [4, 5]);
});

Deno.test("csvForecastInput() refuses a file no longer than the horizon with known covariates", async () => {
  await assertRejects(
    () => csvForecastInput("mem.csv", { predictionLength: 5, known: ["hour"], content: enc(CSV) }),
    RangeError,
  );
});

Deno.test("csvForecastInput() names the in-memory source in data problems", async () => {
  const err = await csvForecastInput("upload.csv", {
    predictionLength: 1,
    content: enc("timestamp,target\n2024-01-01T00:00:00Z,x\n2024-01-01T01:00:00Z,2\n"),
  }).catch((e) => e);
  assertEquals(err instanceof DataValidationError, true);
  assertEquals((err as DataValidationError).source, "upload.csv");
});
