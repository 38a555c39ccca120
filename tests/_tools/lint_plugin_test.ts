import { assertEquals } from "../_helpers/assert.ts";
import plugin from "../../_tools/lint_plugin.ts";

function messages(source: string, file = "lib/x.ts"): string[] {
  return Deno.lint.runPlugin(plugin, file, source).map((d) => d.message);
}

Deno.test("error-message flags lower-case starts and trailing periods of built-in errors", () => {
  assertEquals(messages(`throw new RangeError("the value is bad");`), [
    "Error messages start with a capital letter (sentence case)",
  ]);
  assertEquals(messages("throw new TypeError(`Cannot read ${'x'}.`);"), [
    "Error messages do not end with a period",
  ]);
  assertEquals(messages(`throw new Error("Cannot build MatMul: inner dimensions differ");`), []);
  // a message that starts with an identifier, and domain errors whose first argument is a field
  assertEquals(messages(`throw new RangeError("maxOutputPatches must be positive");`), []);
  assertEquals(messages(`throw new ShapeError("attn/qk", "[2]", "[3]");`), []);
});

Deno.test("error-message leaves tests alone", () => {
  assertEquals(messages(`throw new Error("boom.");`, "tests/lib/x_test.ts"), []);
});
