import { assert, assertEquals } from "../../_helpers/assert.ts";
import { csvForecastRequest } from "../../../lib/serve/csv_request.ts";
import { DEFAULT_LIMITS, resolveLimits } from "../../../lib/serve/limits.ts";
import { ProblemError } from "../../../lib/serve/problem.ts";

const enc = (s: string) => new TextEncoder().encode(s);
const CSV = "time,kwh,temp,hour\n" +
  [0, 1, 2, 3, 4].map((i) => `2024-01-01T0${i}:00:00Z,${i + 1},${20 + i},${i}`).join("\n") + "\n";

async function problem(csv: string, query: string, limits = DEFAULT_LIMITS.request) {
  const err = await csvForecastRequest(enc(csv), new URLSearchParams(query), limits).catch((e) =>
    e
  );
  assert(err instanceof ProblemError, String(err));
  return err;
}

Deno.test("csvForecastRequest() reads the columns named in the query, as the forecast task does", async () => {
  const r = await csvForecastRequest(
    enc(CSV),
    new URLSearchParams(
      "prediction_length=2&timestamp_column=time&target=kwh&covariates=temp&known=hour&quantile_levels=0.25,0.75&model=x",
    ),
    DEFAULT_LIMITS.request,
  );
  assertEquals(r.model, "x");
  assertEquals(r.predictionLength, 2);
  assertEquals(r.quantileLevels, [0.25, 0.75]);
  assertEquals(r.series[0]!.target, [1, 2, 3]);
  assertEquals(r.series[0]!.pastCovariates, { temp: [20, 21, 22], hour: [0, 1, 2] });
  assertEquals(r.series[0]!.futureCovariates, { hour: [3, 4] });
  assertEquals(r.timestamps[0], [
    "2024-01-01T00:00:00Z",
    "2024-01-01T01:00:00Z",
    "2024-01-01T02:00:00Z",
  ]);
});

Deno.test("csvForecastRequest() names bad and unknown query parameters", async () => {
  const err = await problem(CSV, "prediction_length=0&quantile_levels=0.9,0.1&colour=red");
  assertEquals(err.status, 422);
  assertEquals(err.errors.map((e) => e.pointer), [
    "?colour",
    "?prediction_length",
    "?quantile_levels",
  ]);
});

Deno.test("csvForecastRequest() turns the loader's data problems into 422", async () => {
  const err = await problem(CSV, "prediction_length=2&timestamp_column=time&target=missing");
  assertEquals(err.status, 422);
  assertEquals(err.slug, "invalid-data");
  assert(err.message.includes("missing"));
});

Deno.test("csvForecastRequest() refuses a series longer than the limit with 413", async () => {
  const limits = resolveLimits({ request: { maxSeriesLength: 3 } }).request;
  const err = await problem(CSV, "prediction_length=1&timestamp_column=time&target=kwh", limits);
  assertEquals(err.status, 413);
});
