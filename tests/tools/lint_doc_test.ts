import assert from "node:assert/strict";
import { entryPoints } from "../../tools/lint_doc.ts";

Deno.test("entryPoints() lists each export path once, without the leading ./", () => {
  assert.deepEqual(entryPoints("./mod.ts"), ["mod.ts"]);
  assert.deepEqual(
    entryPoints({ ".": "./mod.ts", "./a": "./lib/a/mod.ts", "./b": "./lib/a/mod.ts" }),
    ["mod.ts", "lib/a/mod.ts"],
  );
});
