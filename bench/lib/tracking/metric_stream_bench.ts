/**
 * What logging a training curve costs a step: `MetricStream.add` (the only
 * work the training loop does per step), and a step's points sent to an MLflow
 * server (the fake server of the tests, on loopback) in the background.
 * Compare with a fine-tuning step of the real model (0.67 s LoRA, 1.25 s full).
 *
 * @module
 */

import { MetricStream } from "../../../lib/tracking/metric_stream.ts";
import { RestTracker } from "../../../lib/tracking/rest_tracker.ts";
import { FakeMlflow } from "../../../tests/lib/tracking/_fake_mlflow.ts";

const point = (step: number) => ({
  loss: 1 / step,
  learning_rate: 1e-5,
  grad_norm: 0.5,
  ...(step % 10 === 0 ? { val_loss: 1.1 / step } : {}),
});

let step = 0;
const quiet = new MetricStream({ logMetricPoints: () => Promise.resolve() }, { intervalMs: 1e9 });
Deno.bench("MetricStream.add: one step's curve point (4 metrics)", () => {
  quiet.add(point(++step), step);
});

const server = FakeMlflow.start();
const dir = await Deno.makeTempDir();
const tracker = new RestTracker(server.url, { env: () => undefined, fallbackDir: dir });
const run = await tracker.startRun({ experiment: "bench" });
const live = new MetricStream(run, { intervalMs: 0 });
let liveStep = 0;
Deno.bench("one step's curve point sent to a server (add + log-batch round trip)", async () => {
  live.add(point(++liveStep), liveStep);
  await live.flush();
});

globalThis.addEventListener("unload", () => {
  void server.close();
});
