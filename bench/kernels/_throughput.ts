/**
 * Shared bits of the kernel benches: the adapter line and a GB/s table.
 * `Deno.bench` reports time per iteration only, so each bench records its own
 * wall times here and the table is printed when the bench process unloads.
 *
 * @module
 */

import { describeGpu, formatAdapter } from "../../lib/gpu/device.ts";

const rows: { name: string; bytes: number; times: number[] }[] = [];

/**
 * Wraps an async bench body so that its wall time is recorded against `bytes` (bytes moved).
 *
 * @param name row label
 * @param bytes bytes read + written by one call
 * @param fn the work
 * @returns the bench function
 */
export function timed(name: string, bytes: number, fn: () => unknown): () => Promise<void> {
  const row = { name, bytes, times: [] as number[] };
  rows.push(row);
  return async () => {
    const t0 = performance.now();
    await fn();
    row.times.push(performance.now() - t0);
  };
}

/** The adapter, described on one line (or why there is none). */
export const adapterLine: string = await describeGpu().then(
  (d) => (d ? formatAdapter(d) : "no WebGPU adapter"),
);

globalThis.addEventListener("unload", () => {
  const lines = [`adapter: ${adapterLine}`];
  for (const r of rows) {
    if (r.times.length === 0) continue;
    const sorted = [...r.times].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    const gbs = r.bytes / (median / 1000) / 1e9;
    lines.push(
      `${r.name.padEnd(48)} median ${median.toFixed(2).padStart(9)} ms  ` +
        `${gbs.toFixed(3).padStart(8)} GB/s  (${
          (r.bytes / 1e6).toFixed(1)
        } MB, ${r.times.length} runs)`,
    );
  }
  // deno-lint-ignore no-console
  console.log(lines.join("\n"));
});
