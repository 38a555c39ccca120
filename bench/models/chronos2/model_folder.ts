/**
 * Measures a full-size model folder (issue 11 item 4): writes a fine-tuned
 * folder the way the fine-tuning task does (`saveFinetunedModel` with seeded
 * random weights of the released architecture, then `convertModel`), and
 * reports its size against the weights, then the time and peak resident
 * memory of loading it and forecasting one window, each load in a fresh
 * process so that the peak is the load's own.
 *
 * ```sh
 * deno run -A bench/models/chronos2/model_folder.ts /tmp/full      # make, convert, measure
 * deno run -A bench/models/chronos2/model_folder.ts /tmp/full load # one load (used by the above)
 * ```
 *
 * @module
 */

import { convertModel } from "../../../models/chronos2/convert.ts";
import { loadChronos2 } from "../../../models/chronos2/load.ts";
import { saveFinetunedModel } from "../../../models/chronos2/train/checkpoint.ts";
import { fullSizeRandomWeights } from "../../lib/evaluate/_full_size.ts";

function say(line: string): void {
  // deno-lint-ignore no-console
  console.log(line);
}

function peakRssMiB(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(Deno.readTextFileSync("/proc/self/status"));
  return m ? Number(m[1]) / 1024 : NaN;
}

async function loadOnce(dir: string): Promise<void> {
  const t0 = performance.now();
  const p = await loadChronos2(dir, { executionProvider: "cpu" });
  const context = [Array.from({ length: 512 }, (_, i) => Math.sin(i / 7) + i / 300)];
  const [f] = await p.predict(context, { predictionLength: 24 });
  const ms = performance.now() - t0;
  if (!f || !Number.isFinite(f.data[0]!)) throw new Error("Forecast is not finite");
  say(
    JSON.stringify({
      loadAndFirstForecastMs: Math.round(ms),
      peakRssMiB: Math.round(peakRssMiB()),
    }),
  );
  await p.release();
}

async function folderBytes(dir: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for await (const e of Deno.readDir(dir)) {
    if (e.isFile) out[e.name] = (await Deno.stat(`${dir}/${e.name}`)).size;
  }
  return out;
}

async function make(dir: string): Promise<void> {
  const { config, weights } = await fullSizeRandomWeights(1);
  await saveFinetunedModel(dir, config, weights, { contextLength: 2048, predictionLength: 64 });
  const t0 = performance.now();
  await convertModel(dir, { force: true });
  say(`convert: ${Math.round(performance.now() - t0)} ms`);
}

const [dir, mode] = Deno.args;
if (!dir) {
  say("Usage: model_folder.ts DIR [load]");
  Deno.exit(2);
}
if (mode === "load") {
  await loadOnce(dir);
} else {
  await Deno.mkdir(dir, { recursive: true });
  await make(dir);
  const files = await folderBytes(dir);
  const total = Object.values(files).reduce((a, b) => a + b, 0);
  say(JSON.stringify(files));
  say(
    `folder ${(total / 1e6).toFixed(1)} MB = ${
      (total / files["model.safetensors"]!).toFixed(3)
    }x the weights`,
  );
  for (let i = 0; i < 3; i++) {
    const cmd = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", new URL(import.meta.url).pathname, dir, "load"],
      stdout: "inherit",
      stderr: "inherit",
    });
    await cmd.output();
  }
}
