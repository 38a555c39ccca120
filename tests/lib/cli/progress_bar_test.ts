import { assert, assertEquals, assertMatch, assertThrows } from "../../_helpers/assert.ts";
import { formatDuration, ProgressBar } from "../../../lib/cli/progress_bar.ts";

function clock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

Deno.test("ProgressBar writes plain periodic lines with rate and ETA when not a terminal", () => {
  const out: string[] = [];
  const c = clock();
  const bar = new ProgressBar({
    total: 100,
    unit: "windows",
    label: "zero-shot",
    write: (t) => out.push(t),
    intervalMs: 1000,
    now: c.now,
  });
  c.advance(500);
  bar.update(10); // first update always draws: 10 in 0.5 s = 20/s, 90 left = 4.5 s
  c.advance(500);
  bar.update(20); // 0.5 s after the last line: nothing
  c.advance(1500);
  bar.update(50); // 50 in 2.5 s = 20/s, 50 left = 2.5 s
  bar.finish();
  assertEquals(out, [
    "zero-shot: 10/100 windows (10%), 20.0 windows/s, ETA 0:05\n",
    "zero-shot: 50/100 windows (50%), 20.0 windows/s, ETA 0:03\n",
    "zero-shot: 50/100 windows (50%), 20.0 windows/s, ETA 0:03\n",
  ]);
  for (const line of out) assert(!line.includes("\r"), "no carriage returns in logs");
});

Deno.test("ProgressBar redraws one line in place on a terminal and ends it on finish()", () => {
  const out: string[] = [];
  const c = clock();
  const bar = new ProgressBar({
    total: 4,
    write: (t) => out.push(t),
    isTerminal: true,
    width: 8,
    now: c.now,
  });
  c.advance(1000);
  bar.tick();
  c.advance(50);
  bar.tick(); // within redrawMs (100): skipped
  c.advance(950);
  bar.tick(2);
  bar.finish();
  bar.finish(); // idempotent
  assertEquals(out.length, 4);
  assertEquals(out[0], "\r\x1b[K██░░░░░░ 1/4 items  1.00 items/s  ETA 0:03");
  assertEquals(out[1], "\r\x1b[K████████ 4/4 items  2.00 items/s  ETA 0:00");
  assertEquals(out[3], "\n");
  assertEquals(bar.done, 4);
});

Deno.test("ProgressBar clamps done to the total and handles total 0", () => {
  const out: string[] = [];
  const bar = new ProgressBar({ total: 0, write: (t) => out.push(t), now: () => 0 });
  bar.update(5);
  assertEquals(bar.done, 0);
  assertMatch(out[0] ?? "", /0\/0 items \(100%\), – items\/s, ETA 0:00/);
  assertThrows(() => new ProgressBar({ total: -1, write: () => {} }), { name: "RangeError" });
  assertThrows(() => new ProgressBar({ total: 1.5, write: () => {} }), { name: "RangeError" });
});

Deno.test("formatDuration() writes m:ss and h:mm:ss", () => {
  assertEquals(formatDuration(0), "0:00");
  assertEquals(formatDuration(59.6), "1:00");
  assertEquals(formatDuration(3725), "1:02:05");
});
