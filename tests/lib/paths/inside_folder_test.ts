import assert from "node:assert/strict";
import { checkPathSegment, pathInside } from "../../../lib/paths/inside_folder.ts";

Deno.test("checkPathSegment() refuses names that are not one plain segment", () => {
  for (const bad of ["", ".", "..", "a/b", "a\\b", "x\u0000y", "tab\there", "n".repeat(256)]) {
    assert.throws(() => checkPathSegment(bad, "run name"), RangeError, JSON.stringify(bad));
  }
  for (const good of ["chronos-2", "a..b", ".hidden", "run 2024-01-01", "é"]) {
    assert.equal(checkPathSegment(good, "run name"), good);
  }
});

Deno.test("checkPathSegment() message is bounded and says what to do", () => {
  assert.throws(() => checkPathSegment(`${"x".repeat(10_000)}/`, "experiment name"), (e) => {
    const m = (e as Error).message;
    assert.ok(m.length < 300, m);
    assert.match(m, /10001 characters/);
    assert.match(m, /give a plain name$/);
    return true;
  });
});

Deno.test("pathInside() keeps joined paths inside the folder", () => {
  assert.equal(pathInside("out", "a", "b.json"), "out/a/b.json");
  assert.equal(pathInside("out", "a/../b"), "out/b");
  for (const bad of ["..", "../x", "a/../../x", "/etc/passwd"]) {
    assert.throws(() => pathInside("out", bad), RangeError, bad);
  }
});
