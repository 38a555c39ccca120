import { join } from "node:path";
import { assert, assertEquals, assertStrictEquals } from "../../_helpers/assert.ts";
import { readExperiments, readFileRuns } from "../../../lib/tracking/file_reader.ts";
import { FileStore } from "../../../lib/tracking/file_store.ts";

Deno.test("two processes logging into one store at once: one experiment per name, whole metric lines", async () => {
  const root = await Deno.makeTempDir();
  try {
    const store = new FileStore(root);
    const shared = await store.startRun({ experiment: "shared" });
    const script = join(import.meta.dirname!, "_concurrent_writer.ts");
    const spawn = (label: string) =>
      new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", "--no-check", script, root, label, shared.experimentId, shared.runId],
        stdout: "piped",
        stderr: "piped",
      }).output();
    const outs = await Promise.all([spawn("a"), spawn("b")]);
    for (const o of outs) assert(o.success, new TextDecoder().decode(o.stderr));

    const names = (await readExperiments(root)).map((e) => e.name).sort();
    assertEquals(names, ["Default", "exp-0", "exp-1", "exp-2", "exp-3", "exp-4", "shared"]);
    for (let e = 0; e < 5; e++) {
      const runs = await readFileRuns(root, { experiment: `exp-${e}` });
      assertEquals(runs.map((r) => r.runName).sort(), [`a-${e}`, `b-${e}`]);
      for (const r of runs) {
        assertStrictEquals(r.status, "FINISHED");
        assertStrictEquals(r.metrics.loss, 1.9);
      }
    }
    const text = await Deno.readTextFile(
      join(root, shared.experimentId, shared.runId, "metrics", "shared"),
    );
    const lines = text.split("\n");
    assertStrictEquals(lines.pop(), "");
    assertStrictEquals(lines.length, 200);
    for (const l of lines) assert(/^\d+ [12]\d{3} \d+$/.test(l), `torn line "${l}"`);
    assertStrictEquals(lines.filter((l) => l.split(" ")[1]!.startsWith("1")).length, 100);
    const leftovers = [];
    for await (const e of Deno.readDir(root)) if (e.isFile) leftovers.push(e.name);
    assertEquals(leftovers, [], "no lock or temp file is left behind");
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
