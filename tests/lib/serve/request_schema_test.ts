import { assert, assertEquals, assertThrows } from "../../_helpers/assert.ts";
import { DEFAULT_LIMITS, resolveLimits } from "../../../lib/serve/limits.ts";
import { ProblemError } from "../../../lib/serve/problem.ts";
import { parseForecastRequest } from "../../../lib/serve/request_schema.ts";

const L = DEFAULT_LIMITS.request;

function problems(body: unknown, limits = L): { pointer: string; detail: string }[] {
  try {
    parseForecastRequest(body, limits);
  } catch (err) {
    assert(err instanceof ProblemError);
    assertEquals(err.status, 422);
    return [...err.errors];
  }
  throw new Error("expected a problem");
}

Deno.test("parseForecastRequest() maps the official names to the library's", () => {
  const r = parseForecastRequest({
    model: "m",
    inputs: [{
      target: [1, null, 3],
      past_covariates: { temp: [1, 2, 3], day: ["mon", "tue", "wed"] },
      future_covariates: { day: ["thu", "fri"] },
      timestamps: ["2024-01-01T00:00:00Z", "2024-01-01T01:00:00Z", "2024-01-01T02:00:00Z"],
    }],
    prediction_length: 2,
    quantile_levels: [0.2, 0.8],
  }, L);
  assertEquals(r.model, "m");
  assertEquals(r.predictionLength, 2);
  assertEquals(r.quantileLevels, [0.2, 0.8]);
  assertEquals(r.series[0]!.pastCovariates!.day, ["mon", "tue", "wed"]);
  assertEquals(r.series[0]!.futureCovariates!.day, ["thu", "fri"]);
  assertEquals(r.timestamps[0]!.length, 3);
});

Deno.test("parseForecastRequest() defaults the levels to 0.1, 0.5, 0.9", () => {
  const r = parseForecastRequest({ inputs: [{ target: [1] }], prediction_length: 1 }, L);
  assertEquals(r.quantileLevels, [0.1, 0.5, 0.9]);
  assertEquals(r.model, undefined);
});

Deno.test("parseForecastRequest() names every wrong field as a JSON pointer", () => {
  const got = problems({
    inputs: [{ target: [1, "x"], extra: 1 }],
    prediction_length: 0,
    quantile_levels: [1.5],
  });
  const pointers = got.map((p) => p.pointer).sort();
  assertEquals(pointers, [
    "/inputs/0/extra",
    "/inputs/0/target/1",
    "/prediction_length",
    "/quantile_levels/0",
  ]);
  assertEquals(
    got.find((p) => p.pointer === "/inputs/0/target/1")!.detail,
    "Must be of type number or null",
  );
});

Deno.test("parseForecastRequest() refuses missing and empty fields", () => {
  assertEquals(problems({}).map((p) => p.pointer).sort(), ["/inputs", "/prediction_length"]);
  assertEquals(problems({ inputs: [], prediction_length: 1 }).map((p) => p.pointer), ["/inputs"]);
  assertEquals(problems([1, 2]).map((p) => p.pointer), ["/"]);
  assertEquals(
    problems({ inputs: [{ target: [null, null] }], prediction_length: 1 }).map((p) => p.pointer),
    ["/inputs/0/target"],
  );
});

Deno.test("parseForecastRequest() enforces the series, length and horizon limits", () => {
  const small = resolveLimits({
    request: { maxSeries: 2, maxSeriesLength: 3, maxPredictionLength: 4 },
  }).request;
  const got = problems({
    inputs: [{ target: [1, 2, 3, 4] }, { target: [1] }, { target: [1] }],
    prediction_length: 5,
  }, small).map((p) => p.pointer).sort();
  assertEquals(got, ["/inputs", "/inputs/0/target", "/prediction_length"]);
});

Deno.test("parseForecastRequest() checks lengths that depend on each other", () => {
  const got = problems({
    inputs: [{
      target: [1, 2, 3],
      past_covariates: { a: [1, 2] },
      future_covariates: { b: [1] },
      timestamps: ["2024-01-01T00:00:00Z"],
    }],
    prediction_length: 2,
    quantile_levels: [0.9, 0.1],
  });
  assertEquals(got.map((p) => p.pointer), [
    "/inputs/0/past_covariates/a",
    "/inputs/0/future_covariates/b",
    "/inputs/0/future_covariates/b",
    "/inputs/0/timestamps",
    "/quantile_levels",
  ]);
});

Deno.test("parseForecastRequest() refuses values float32 cannot hold", () => {
  const got = problems({
    inputs: [{ target: [1, 1e300], past_covariates: { c: [-1e200, 1] } }],
    prediction_length: 1,
  });
  assertEquals(got.map((p) => p.pointer).sort(), [
    "/inputs/0/past_covariates/c/0",
    "/inputs/0/target/1",
  ]);
});

Deno.test("parseForecastRequest() lists at most 20 problems", () => {
  const got = problems({ inputs: [{ target: Array(100).fill("x") }], prediction_length: 1 });
  assertEquals(got.length, 20);
});

Deno.test("parseForecastRequest() throws ProblemError, not a bare TypeError, for odd bodies", () => {
  assertThrows(() => parseForecastRequest(null, L), ProblemError);
  assertThrows(() => parseForecastRequest("text", L), ProblemError);
});
