/**
 * A writer process for the two-process test: creates runs in shared
 * experiments and appends lines to one shared run, as fast as it can.
 * Usage: deno run -A _concurrent_writer.ts ROOT LABEL EXP_ID RUN_ID
 *
 * @module
 */

import { join } from "node:path";
import { FileStore } from "../../../lib/tracking/file_store.ts";

const [root, label, expId, runId] = Deno.args as [string, string, string, string];
const store = new FileStore(root);
const shared = { runId, experimentId: expId, dir: join(root, expId, runId) };
await Promise.all([
  (async () => {
    for (let e = 0; e < 5; e++) {
      const run = await store.startRun({ experiment: `exp-${e}`, runName: `${label}-${e}` });
      for (let s = 0; s < 20; s++) await run.logMetrics({ loss: s / 10 }, s);
      await run.end();
    }
  })(),
  (async () => {
    for (let i = 0; i < 100; i++) {
      await store.logBatch(shared, {
        metrics: [{
          key: "shared",
          value: (label === "a" ? 1000 : 2000) + i,
          timestamp: Date.now(),
          step: i,
        }],
      });
    }
  })(),
]);
