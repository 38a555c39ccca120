import { assert, assertEquals, assertMatch } from "../_helpers/assert.ts";
import { captureIo } from "../../lib/cli/io.ts";
import { main } from "../../cli/data.ts";
import { buildZip } from "../lib/data/_zip_writer.ts";
import { steelCsvPath } from "../_helpers/steel.ts";

/** Runs `fn` with STEEL_DATA unset, so that the CLI does not pick up a local copy. */
async function withoutSteelEnv(fn: () => Promise<void>) {
  const saved = Deno.env.get("STEEL_DATA");
  Deno.env.delete("STEEL_DATA");
  try {
    await fn();
  } finally {
    if (saved !== undefined) Deno.env.set("STEEL_DATA", saved);
  }
}

Deno.test("data --help prints the usage; a bad option exits 2", async () => {
  const io = captureIo();
  assertEquals(await main(["--help"], io), 0);
  assertMatch(io.out.join(""), /Usage: deno task data/);
  const bad = captureIo();
  assertEquals(await main(["--frobnicate"], bad), 2);
  assertMatch(bad.err.join(""), /Usage: deno task data/);
});

Deno.test("data --data PATH prints rows, span, statistics, label counts and splits", async () => {
  const { path, real } = await steelCsvPath();
  const io = captureIo();
  assertEquals(await main(["--data", path], io), 0);
  const text = io.out.join("");
  assertMatch(
    text,
    /35040 rows, every 15 min, 2018-01-01T00:15:00\+09:00 to 2019-01-01T00:00:00\+09:00/,
  );
  assertMatch(text, /^Usage_kWh\s+0\s/m);
  assertMatch(text, /Load_Type: /);
  assertMatch(
    text,
    /^test\s+29784–35039\s+5256\s+2018-11-07T06:15:00\+09:00\s+2019-01-01T00:00:00\+09:00/m,
  );
  assertEquals(text.includes("(the UCI file)"), real);
});

Deno.test("data --json prints the same summary as JSON", async () => {
  const { path, real } = await steelCsvPath();
  const io = captureIo();
  assertEquals(await main(["--data", path, "--json"], io), 0);
  const s = JSON.parse(io.out.join(""));
  assertEquals(s.rows, 35040);
  assertEquals(s.origin, "argument");
  assertEquals(s.canonical, real);
  assertEquals(s.splits.val, {
    start: 24528,
    end: 29784,
    rows: 5256,
    first: "2018-09-13T12:15:00+09:00",
    last: "2018-11-07T06:00:00+09:00",
  });
  assertEquals(s.columns.length, 10);
  assertEquals(s.columns[0].name, "Usage_kWh");
  if (real) {
    assertEquals(s.labelCounts.Load_Type, {
      Light_Load: 18072,
      Medium_Load: 9696,
      Maximum_Load: 7272,
    });
    assert(Math.abs(s.columns[0].mean - 27.386892) < 1e-6);
  }
});

Deno.test("data reports a missing --data file and a bad file in one line, exit 1", async () => {
  const io = captureIo();
  assertEquals(await main(["--data", "/nonexistent/steel.csv"], io), 1);
  assertEquals(
    io.err.join(""),
    'Cannot find the data file "/nonexistent/steel.csv" given by --data: check the path\n',
  );
  const bad = await Deno.makeTempFile({ suffix: ".csv" });
  await Deno.writeTextFile(bad, "date,Usage_kWh\n01/01/2018 00:15,1\n");
  const io2 = captureIo();
  assertEquals(await main(["--data", bad], io2), 1);
  assertMatch(io2.err.join(""), /Column "NSM" is missing/);
  await Deno.remove(bad);
});

Deno.test("data fails fast offline, saying how to supply the file", async () => {
  await withoutSteelEnv(async () => {
    const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const port = (listener.addr as Deno.NetAddr).port;
    listener.close();
    const cacheDir = await Deno.makeTempDir();
    const io = captureIo();
    const code = await main(
      ["--url", `http://127.0.0.1:${port}/x.zip`, "--cache-dir", cacheDir],
      io,
    );
    assertEquals(code, 1);
    assertMatch(
      io.err.join(""),
      /cannot be reached.*--data PATH or the STEEL_DATA environment variable/,
    );
    await Deno.remove(cacheDir, { recursive: true });
  });
});

Deno.test("data reports a --cache-dir that is a file in one line, exit 1", async () => {
  await withoutSteelEnv(async () => {
    const file = await Deno.makeTempFile();
    try {
      const io = captureIo();
      assertEquals(await main(["--url", "http://127.0.0.1:9/x.zip", "--cache-dir", file], io), 1);
      const err = io.err.join("");
      assertMatch(err, /Not a directory/);
      assertEquals(err.trim().split("\n").length, 1, err);
      assert(!err.includes("    at "), "no stack trace");
    } finally {
      await Deno.remove(file);
    }
  });
});

Deno.test("data downloads from --url into --cache-dir (checksum verified)", async () => {
  const { path, real } = await steelCsvPath();
  const zip = await buildZip([{
    name: "Steel_industry_data.csv",
    data: await Deno.readFile(path),
  }]);
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    () => new Response(zip as Uint8Array<ArrayBuffer>),
  );
  const cacheDir = await Deno.makeTempDir();
  try {
    await withoutSteelEnv(async () => {
      const io = captureIo();
      const code = await main(
        ["--url", `http://127.0.0.1:${server.addr.port}/z.zip`, "--cache-dir", cacheDir, "--json"],
        io,
      );
      if (real) {
        // The real file passes header, row count and the sha256 of dataset.md.
        assertEquals(code, 0, io.err.join(""));
        assertEquals(JSON.parse(io.out.join("")).origin, "download");
        assertMatch(io.err.join(""), /Downloading .* MB/);
        // A second run uses the cache.
        const again = captureIo();
        assertEquals(await main(["--cache-dir", cacheDir, "--json"], again), 0);
        assertEquals(JSON.parse(again.out.join("")).origin, "cache");
      } else {
        // The generated file has the right header and rows but not the UCI sha256.
        assertEquals(code, 1);
        assertMatch(io.err.join(""), /has sha256 [0-9a-f]{64}, expected 9b1cee6f/);
        assertEquals([...Deno.readDirSync(cacheDir)], []);
      }
    });
  } finally {
    await server.shutdown();
    await Deno.remove(cacheDir, { recursive: true });
  }
});

Deno.test("data runs as a script (smoke test)", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", new URL("../../cli/data.ts", import.meta.url).pathname, "--help"],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assertEquals(out.code, 0);
  assertMatch(new TextDecoder().decode(out.stdout), /Usage: deno task data/);
});
