import { assertEquals, assertMatch } from "../_helpers/assert.ts";
import { captureIo } from "../../lib/cli/io.ts";
import { main } from "../../cli/sweep.ts";

Deno.test("sweep --help prints the usage; a missing --config or a bad option exits 2", async () => {
  const io = captureIo();
  assertEquals(await main(["--help"], io), 0);
  assertMatch(io.out.join(""), /Usage: deno task sweep --config sweep.json/);
  for (const args of [[], ["--config", "s.json", "--max-predictions", "-1"], ["--what"]]) {
    const bad = captureIo();
    assertEquals(await main(args, bad), 2, args.join(" "));
    assertMatch(bad.err.join(""), /Usage: deno task sweep/);
  }
});

Deno.test("sweep names the config file and the problem when it is not valid JSON", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/s.json`, "{ method: grid");
    const io = captureIo();
    assertEquals(await main(["--config", `${dir}/s.json`], io), 1);
    assertMatch(io.err.join(""), /Cannot read the sweep config ".*s\.json": /);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
