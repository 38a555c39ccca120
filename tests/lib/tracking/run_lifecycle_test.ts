import { assertEquals, assertStrictEquals } from "../../_helpers/assert.ts";
import { closeRun, endStatus, endTags } from "../../../lib/tracking/run_lifecycle.ts";
import { FileStore } from "../../../lib/tracking/file_store.ts";
import { listRuns } from "../../../lib/tracking/list_runs.ts";

Deno.test("endStatus() is FINISHED, KILLED on interruption or abort, FAILED on an error", () => {
  assertStrictEquals(endStatus({}), "FINISHED");
  assertStrictEquals(endStatus({ interrupted: true }), "KILLED");
  assertStrictEquals(endStatus({ error: new Error("x") }), "FAILED");
  assertStrictEquals(endStatus({ error: new DOMException("stop", "AbortError") }), "KILLED");
});

Deno.test("endTags() records the error as tags, credentials removed and cut", () => {
  assertEquals(endTags({}), {});
  assertEquals(endTags({ interrupted: true }), { "chronos.end_reason": "interrupted" });
  const tags = endTags({
    error: new TypeError(`Cannot reach http://ana:hunter2@host:5000 ${"x".repeat(5000)}`),
  });
  assertStrictEquals(tags["chronos.end_reason"], "error");
  const e = tags["chronos.error"]!;
  assertStrictEquals(e.startsWith("TypeError: Cannot reach http://***@host:5000 xxx"), true);
  assertStrictEquals(e.includes("hunter2"), false);
  assertStrictEquals(e.length < 4100, true);
});

Deno.test("closeRun() leaves a FAILED run with its error, a KILLED run with its reason", async () => {
  const root = await Deno.makeTempDir();
  try {
    const store = new FileStore(root);
    const failed = await store.startRun({ experiment: "e", runName: "failed" });
    assertStrictEquals(await closeRun(failed, { error: new RangeError("Bad step") }), "FAILED");
    const killed = await store.startRun({ experiment: "e", runName: "killed" });
    assertStrictEquals(await closeRun(killed, { interrupted: true }), "KILLED");
    const runs = await listRuns({ uri: root });
    const byName = Object.fromEntries(runs.map((r) => [r.runName, r]));
    assertStrictEquals(byName.failed!.status, "FAILED");
    assertStrictEquals(byName.failed!.tags["chronos.error"], "RangeError: Bad step");
    assertStrictEquals(byName.killed!.status, "KILLED");
    assertStrictEquals(byName.killed!.tags["chronos.end_reason"], "interrupted");
    assertEquals(byName.failed!.params, {});
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
