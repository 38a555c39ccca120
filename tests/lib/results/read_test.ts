import { assert, assertEquals, assertRejects, assertThrows } from "../../_helpers/assert.ts";
import { loadResults, parseResults } from "../../../lib/results/read.ts";
import { DataValidationError } from "../../../lib/errors.ts";
import { results, ZERO_SHOT } from "../report/_fixtures.ts";

Deno.test("parseResults() reads JSON null back as NaN in metrics, actuals, forecasts and quantiles", () => {
  const r = results([ZERO_SHOT]);
  r.actuals[1]![0] = NaN;
  r.models[0]!.point[2]![1] = NaN;
  r.models[0]!.quantiles![3]![2]![0] = NaN;
  const text = JSON.stringify(r); // NaN → null, as the writers do
  assert(text.includes("null"));
  const back = parseResults(text, "r.json");
  const m = back.models[0]!;
  assert(Number.isNaN(back.actuals[1]![0]!));
  assertEquals(back.actuals[1]![1], 14);
  assert(Number.isNaN(m.point[2]![1]!));
  assert(Number.isNaN(m.quantiles![3]![2]![0]!));
  assert(Number.isNaN(m.metrics.smape), "an unknown metric (null) is NaN");
  assertEquals(m.metrics.rmse, 3);
  assertEquals(m.timing, { seconds: 2, windowsPerSecond: 2 });
});

Deno.test("parseResults() lists every malformed field at once", () => {
  const r = results([ZERO_SHOT]) as unknown as Record<string, unknown>;
  r.schema = "chronos-deno/results@0";
  r.timestamps = ["2018-11-01T00:15:00+09:00"];
  (r.actuals as unknown[])[2] = [1];
  const model = (r.models as Record<string, unknown>[])[0]!;
  model.kind = "magic";
  (model.metrics as Record<string, unknown>).rmse = "3";
  assertThrows(() => parseResults(JSON.stringify(r), "bad.json"), DataValidationError);
  try {
    parseResults(JSON.stringify(r), "bad.json");
  } catch (err) {
    assert(err instanceof DataValidationError);
    assertEquals(err.source, "bad.json");
    assertEquals(err.problems.map((p) => p.column), [
      "schema",
      "timestamps",
      "actuals[2]",
      "models[0].kind",
      "models[0].metrics.rmse",
    ]);
    assert(err.message.includes('expected "chronos-deno/results@1"'));
  }
});

Deno.test("parseResults() rejects text that is not JSON with a SyntaxError naming the file", () => {
  assertThrows(() => parseResults("{oops", "x.json"), {
    name: "SyntaxError",
    message: /Cannot read results file "x.json": it is not valid JSON/,
  });
});

Deno.test("parseResults() checks quantile shapes against the levels and horizon", () => {
  const r = results([ZERO_SHOT]);
  r.config.quantileLevels = [0.1, 0.9];
  assertThrows(() => parseResults(JSON.stringify(r), "q.json"), /models\[0\]\.quantiles\[0\]/);
});

Deno.test("loadResults() labels the file by its name and fails for a missing file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/chronos2_results_20240501_100000.json`;
    await Deno.writeTextFile(path, JSON.stringify(results([ZERO_SHOT])));
    const got = await loadResults(path);
    assertEquals(got.label, "chronos2_results_20240501_100000");
    assertEquals(got.source, path);
    assertEquals(got.results.models[0]!.name, "chronos-2 zero-shot");
    await assertRejects(loadResults(`${dir}/none.json`), Deno.errors.NotFound);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("parseResults() refuses a model whose rmse, mae or n is null instead of dropping its columns", () => {
  for (const key of ["rmse", "mae", "n"]) {
    const r = results([ZERO_SHOT]) as unknown as { models: { metrics: Record<string, unknown> }[] };
    r.models[0]!.metrics[key] = null;
    assertThrows(
      () => parseResults(JSON.stringify(r), "null.json"),
      (err: unknown) => {
        assert(err instanceof DataValidationError);
        assertEquals(err.problems.map((p) => p.column), [`models[0].metrics.${key}`]);
        assert(err.message.includes("must be a finite number"), err.message);
        return true;
      },
    );
  }
});

Deno.test("parseResults() quotes a huge bad value cut, with its length", () => {
  const r = results([ZERO_SHOT]) as unknown as Record<string, unknown>;
  r.task = "t".repeat(1_000_000);
  assertThrows(
    () => parseResults(JSON.stringify(r), "huge.json"),
    (err: unknown) => {
      assert(err instanceof DataValidationError);
      assert(err.message.length < 1000, `${err.message.length} characters`);
      assert(err.message.includes("(1000002 characters)"), err.message);
      return true;
    },
  );
});
