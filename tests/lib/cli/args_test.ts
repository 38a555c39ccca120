import { assertEquals, assertThrows } from "../../_helpers/assert.ts";
import { choiceOption, numberOption, parseArgs, UsageError } from "../../../lib/cli/args.ts";

Deno.test("parseArgs() rejects unknown options with a UsageError", () => {
  assertThrows(() => parseArgs(["--nope"], {}), UsageError);
});

Deno.test("numberOption() checks integer and range", () => {
  const p = parseArgs(["--n", "2.5"], { n: { type: "string" } });
  assertThrows(() => numberOption(p, "n", 1, { integer: true }), /whole number/);
  assertEquals(numberOption(p, "n", 1), 2.5);
  const q = parseArgs(["--n", "abc"], { n: { type: "string" } });
  assertThrows(() => numberOption(q, "n", 1), /needs a number/);
  assertThrows(
    () => numberOption(parseArgs(["--n", "0"], { n: { type: "string" } }), "n", 1, { min: 1 }),
    /at least 1/,
  );
});

Deno.test("choiceOption() lists the accepted values", () => {
  const p = parseArgs(["--split", "x"], { split: { type: "string" } });
  assertThrows(() => choiceOption(p, "split", ["val", "test"], "test"), /"val", "test"/);
});
