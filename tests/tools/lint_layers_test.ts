import assert from "node:assert/strict";
import { fetchProblem, importLoops } from "../../tools/lint_layers.ts";

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

Deno.test("fetchProblem() flags fetch outside lib/net/http.ts, not in comments", () => {
  assert.match(
    fetchProblem("lib/x.ts", "const r = await fetch(url);\n") ?? "",
    /lib\/x\.ts calls fetch: outgoing HTTP goes through lib\/net\/http\.ts/,
  );
  assert.equal(fetchProblem("lib/net/http.ts", "await fetch(url);"), undefined);
  assert.equal(
    fetchProblem("lib/x.ts", " * const r = await fetch(url);\n// fetch(x)\n"),
    undefined,
  );
  assert.equal(
    fetchProblem("lib/x.ts", "const doFetch = options.fetch ?? globalThis.fetch;"),
    undefined,
  );
});
