import assert from "node:assert/strict";
import { importLoops } from "../../tools/lint_layers.ts";

const graph = (edges: Record<string, string[]>) =>
  new Map(Object.entries(edges).map(([k, v]) => [k, new Set(v)]));

Deno.test("importLoops() finds a loop through a third file and a self-import", () => {
  const loops = importLoops(graph({
    "a.ts": ["b.ts"],
    "b.ts": ["c.ts"],
    "c.ts": ["a.ts", "d.ts"],
    "d.ts": [],
    "e.ts": ["e.ts"],
  }));
  assert.deepEqual(loops, [["a.ts", "b.ts", "c.ts"], ["e.ts"]]);
});

Deno.test("importLoops() finds nothing in a tree that only fans in", () => {
  assert.deepEqual(
    importLoops(graph({ "a.ts": ["b.ts", "c.ts"], "b.ts": ["c.ts"], "c.ts": [] })),
    [],
  );
});
