import { assertEquals, assertThrows } from "../../_helpers/assert.ts";
import { type DataProblem, DataValidationError } from "../../../lib/errors.ts";
import {
  type ColumnRecord,
  type DataFrameOptions,
  forecastColumns,
  frameToTasks,
} from "../../../models/chronos2/data_frame.ts";

const H = 3_600_000;

function problemsOf(df: ColumnRecord, h: number, options: DataFrameOptions = {}): DataProblem[] {
  try {
    frameToTasks(df, h, options);
  } catch (err) {
    if (err instanceof DataValidationError) return [...err.problems];
    throw err;
  }
  throw new Error("frameToTasks() accepted the frame");
}

Deno.test("frameToTasks() infers the frequency from 3 points, or takes freq for shorter items", () => {
  const df = {
    "item_id": ["a", "b", "a", "b", "a"],
    timestamp: [0, 5 * H, H, 6 * H, 2 * H],
    target: [1, 10, 2, 11, 3],
  };
  assertEquals(problemsOf(df, 2).map((p) => [p.kind, p.message]), [[
    "too-short",
    'item "b" has 2 timestamp(s): at least 3 are needed to infer the frequency; ' +
    "give freq to forecast shorter series",
  ]]);
  const r = frameToTasks(df, 2, { freq: "1h" });
  assertEquals(r.ids, ["a", "b"]);
  assertEquals(r.frequencyMs, H);
  assertEquals(r.futureTimes, [[3 * H, 4 * H], [7 * H, 8 * H]]);
  assertEquals(r.tasks.map((t) => t.target), [[1, 2, 3], [10, 11]]);
  const three = { "item_id": ["a", "a", "a"], timestamp: [0, H, 2 * H], target: [1, 2, 3] };
  assertEquals(frameToTasks(three, 1, {}).frequencyMs, H);
  assertThrows(() => frameToTasks(df, 2, { freq: "often" }), RangeError);
});

Deno.test("frameToTasks() reads Date, epoch ms and ISO text (UTC without an offset)", () => {
  const t0 = Date.UTC(2024, 2, 31, 0, 45);
  const df = {
    "item_id": ["x", "x", "x"],
    timestamp: [new Date(t0), t0 + 900_000, "2024-03-31T01:15:00"],
    target: [1, 2, 3],
  };
  assertEquals(frameToTasks(df, 1, {}).futureTimes, [[t0 + 2_700_000]]);
});

Deno.test("frameToTasks() reports irregular, duplicate, mixed-frequency and unreadable timestamps", () => {
  const target = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  const df = {
    "item_id": ["gap", "gap", "gap", "dup", "dup", "dup", "h1", "h1", "h1", "h2", "h2", "h2"],
    timestamp: [0, H, 3 * H, 0, H, H, 0, H, 2 * H, 0, 2 * H, 4 * H],
    target,
  };
  const kinds = problemsOf(df, 1).map((p) => `${p.kind}: ${p.message.split(":")[0]}`);
  assertEquals(kinds, [
    'irregular-frequency: item "gap"',
    'duplicate-timestamp: item "dup"',
    "irregular-frequency: every item must have the same frequency",
  ]);
  const withFreq = problemsOf(df, 1, { freq: 2 * H }).map((p) => p.message.slice(0, 11));
  assertEquals(withFreq, ['item "gap":', 'item "dup":', 'item "h1": ']);
  const bad = { "item_id": ["a", "a"], timestamp: ["2024-01-01", "soon"], target: [1, 2] };
  assertEquals(problemsOf(bad, 1).map((p) => [p.kind, p.row, p.value]), [["bad-date", 2, "soon"]]);
  assertEquals(problemsOf({ "item_id": [], target: [] }, 1).map((p) => p.column), ["timestamp"]);
});

Deno.test("frameToTasks() checks the future frame as predict_df does", () => {
  const df = {
    "item_id": ["a", "a", "a"],
    timestamp: [0, H, 2 * H],
    target: [1, 2, 3],
    price: [5, 6, 7],
    load: [0, 1, 0],
  };
  const future = { "item_id": ["a", "a"], timestamp: [4 * H, 3 * H], price: [9, 8] };
  const r = frameToTasks(df, 2, { futureDf: future });
  assertEquals(r.tasks[0]!.pastCovariates, { price: [5, 6, 7], load: [0, 1, 0] });
  assertEquals(r.tasks[0]!.futureCovariates, { price: [8, 9] }); // sorted by time, load past-only
  const messages = (futureDf: ColumnRecord, h = 2) =>
    problemsOf(df, h, { futureDf }).map((p) => p.message);
  assertEquals(messages({ "item_id": ["a", "a"], timestamp: [3 * H, 4 * H], target: [0, 0] }), [
    'target column "target" cannot be in the future frame: remove it',
  ]);
  assertEquals(messages({ "item_id": ["a"], timestamp: [3 * H], wind: [1] }, 1), [
    'column "wind" is not in the history frame: a future covariate needs its past',
  ]);
  assertEquals(messages({ "item_id": ["a"] }), ["missing column timestamp"]);
  assertEquals(messages({ "item_id": ["a"], timestamp: [3 * H] }), [
    'item "a" has 1 future rows: the prediction length is 2',
  ]);
  assertEquals(messages({ "item_id": ["a", "a"], timestamp: [3 * H, 5 * H] }), [
    'item "a": the future timestamps must be the 2 steps after 1970-01-01T02:00:00.000Z',
  ]);
  assertEquals(messages({ "item_id": ["a", "b"], timestamp: [3 * H, 3 * H] }, 1), [
    'item "b" is not in the history',
  ]);
});

Deno.test("forecastColumns() lays out [id, timestamp, target_name, predictions, levels] by item, target, step", () => {
  const frame = {
    tasks: [],
    ids: [7, 3],
    futureTimes: [[10, 20], [30, 40]],
    targets: ["u", "v"],
    frequencyMs: 10,
  };
  // quantiles [targets, H, levels] per item: value = 1000·item + 100·target + 10·step + level
  const q = (item: number) =>
    Float32Array.from({ length: 8 }, (_, i) => {
      const [target, step, level] = [Math.floor(i / 4), Math.floor(i / 2) % 2, i % 2];
      return 1000 * item + 100 * target + 10 * step + level;
    });
  const forecasts = {
    quantiles: [0, 1].map((k) => ({ data: q(k), shape: [2, 2, 2] })),
    mean: [0, 1].map((k) => ({
      data: Float32Array.of(1, 2, 3, 4).map((x) => x + 10 * k),
      shape: [2, 2],
    })),
  };
  const cols = forecastColumns(frame, forecasts, [0.25, 0.75], { idColumn: "plant" });
  assertEquals(Object.fromEntries(cols.map(([n, v]) => [n, Array.from(v)])), {
    plant: [7, 7, 7, 7, 3, 3, 3, 3],
    timestamp: [10, 20, 10, 20, 30, 40, 30, 40].map((t) => new Date(t)),
    "target_name": ["u", "u", "v", "v", "u", "u", "v", "v"],
    predictions: [1, 2, 3, 4, 11, 12, 13, 14],
    "0.25": [0, 10, 100, 110, 1000, 1010, 1100, 1110],
    "0.75": [1, 11, 101, 111, 1001, 1011, 1101, 1111],
  });
});
