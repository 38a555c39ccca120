import { assertEquals, assertRejects } from "../../_helpers/assert.ts";
import { FileStore } from "../../../lib/tracking/file_store.ts";
import { listRuns, sortRuns } from "../../../lib/tracking/list_runs.ts";
import type { RunSummary } from "../../../lib/tracking/types.ts";

Deno.test("listRuns() filters by experiment and sorts by a metric either way", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const store = new FileStore(dir);
    let t = 1700000000000;
    for (const [exp, name, r2] of [["a", "x", 0.5], ["a", "y", 0.9], ["b", "z", 0.7]] as const) {
      const run = await store.startRun({ experiment: exp, runName: name, startTime: t += 1000 });
      await run.logMetrics({ r2 });
      await run.end();
    }
    const names = (runs: RunSummary[]) => runs.map((r) => r.runName);
    assertEquals(names(await listRuns({ uri: dir })), ["z", "y", "x"]);
    assertEquals(names(await listRuns({ uri: dir, experiment: "a", sort: "r2" })), ["x", "y"]);
    assertEquals(names(await listRuns({ uri: `file://${dir}`, sort: "-r2" })), ["y", "z", "x"]);
    await assertRejects(
      () => listRuns({ uri: dir, experiment: "c" }),
      /the store has "Default", "a", "b"/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("sortRuns() puts runs without the metric or with NaN last", () => {
  const r = (id: string, m: Record<string, number>, startTime = 0) =>
    ({ runId: id, metrics: m, startTime }) as unknown as RunSummary;
  const sorted = sortRuns([
    r("nan", { rmse: NaN }),
    r("none", {}),
    r("b", { rmse: 2 }),
    r("a", { rmse: 1 }),
  ], "rmse");
  assertEquals(sorted.map((x) => x.runId).slice(0, 2), ["a", "b"]);
  assertEquals(sortRuns([r("old", {}, 1), r("new", {}, 2)], "start").map((x) => x.runId), [
    "old",
    "new",
  ]);
});
