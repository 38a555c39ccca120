import assert from "node:assert/strict";
import { clip } from "../../../lib/net/clip.ts";

Deno.test("clip() keeps short text and cuts long text with its length", () => {
  assert.equal(clip("short"), "short");
  const long = "a".repeat(200_001);
  const out = clip(long);
  assert.equal(out, `${"a".repeat(200)}… (200001 characters)`);
  assert.equal(clip("x".repeat(200)), "x".repeat(200));
});

Deno.test("clip() shows line breaks escaped so a message keeps its lines", () => {
  assert.equal(clip("a\r\nb"), "a\\r\\nb");
});
