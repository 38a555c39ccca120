import { assertEquals, assertThrows } from "../../_helpers/assert.ts";
import { displayWidth, formatTable } from "../../../lib/cli/format_table.ts";

Deno.test("formatTable() pads columns, right-aligns all but the first and rules the header", () => {
  const text = formatTable(["model", "RMSE", "R²"], [
    ["persistence", "12.50", "0.81"],
    ["chronos-2", "9.1", "0.9"],
  ]);
  assertEquals(
    text,
    [
      "model         RMSE    R²",
      "───────────  ─────  ────",
      "persistence  12.50  0.81",
      "chronos-2      9.1   0.9",
      "",
    ].join("\n"),
  );
});

Deno.test("formatTable() honours align, gap, headerRule and fills missing cells", () => {
  const text = formatTable(["a", "b"], [["x"], ["long", "y"]], {
    align: ["right", "left"],
    gap: " | ",
    headerRule: false,
  });
  assertEquals(text, "   a | b\n   x |\nlong | y\n");
});

Deno.test("formatTable() ignores ANSI colour codes when measuring", () => {
  const text = formatTable(["m", "v"], [["a", "\x1b[1m10\x1b[0m"], ["b", "200"]]);
  assertEquals(text.split("\n")[2], "a   \x1b[1m10\x1b[0m");
  assertEquals(displayWidth("\x1b[32mok\x1b[0m"), 2);
});

Deno.test("formatTable() rejects a row wider than the header", () => {
  assertThrows(() => formatTable(["a"], [["1", "2"]]), {
    name: "RangeError",
    message: /row 1: it has 2 cells but the header has 1/,
  });
});
