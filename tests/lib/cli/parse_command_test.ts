import { assertEquals, assertThrows } from "../../_helpers/assert.ts";
import { type ParsedArgs, UsageError } from "../../../lib/cli/args.ts";
import { captureIo } from "../../../lib/cli/io.ts";
import { parseCommand } from "../../../lib/cli/parse_command.ts";

const USAGE = "Usage: deno task t [--n N] [FILE]\n";

function spec(positionals = false) {
  return {
    usage: USAGE,
    options: { n: { type: "string" as const } },
    positionals,
    read(p: ParsedArgs): { n: number; files: string[] } {
      const n = Number(p.values.n ?? 1);
      if (!(n > 0)) throw new UsageError(`Option --n must be positive: got "${p.values.n}"`);
      if (n === 13) throw new RangeError("Unlucky");
      return { n, files: p.positionals };
    },
  };
}

Deno.test("parseCommand() gives the options read from the command line", () => {
  const io = captureIo();
  assertEquals(parseCommand(["--n", "3", "a.csv"], io, spec(true)), {
    ok: true,
    options: { n: 3, files: ["a.csv"] },
  });
  assertEquals([io.out, io.err], [[], []]);
});

Deno.test("parseCommand() prints the usage for --help (exit 0), even beside a bad value", () => {
  for (const args of [["--help"], ["-h", "--n", "0"]]) {
    const io = captureIo();
    assertEquals(parseCommand(args, io, spec()), { ok: false, exitCode: 0 });
    assertEquals([io.out.join(""), io.err.join("")], [USAGE, ""]);
  }
});

Deno.test("parseCommand() prints a usage error and the usage on stderr (exit 2)", () => {
  const cases: [string[], string][] = [
    [["--what"], "Unknown option '--what'"],
    [["--n=-1"], 'Option --n must be positive: got "-1"'],
    [["a.csv"], "Unexpected argument 'a.csv'"],
  ];
  for (const [args, message] of cases) {
    const io = captureIo();
    assertEquals(parseCommand(args, io, spec()), { ok: false, exitCode: 2 }, args.join(" "));
    const err = io.err.join("");
    assertEquals(err.startsWith(message) && err.endsWith(`\n\n${USAGE}`), true, err);
    assertEquals(io.out, []);
  }
});

Deno.test("parseCommand() lets other errors of read() through", () => {
  assertThrows(() => parseCommand(["--n", "13"], captureIo(), spec()), RangeError);
});
