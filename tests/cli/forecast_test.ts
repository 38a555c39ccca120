import { assert, assertEquals, assertMatch } from "../_helpers/assert.ts";
import { captureIo } from "../../lib/cli/io.ts";
import { main } from "../../cli/forecast.ts";
import { generateSteelCsv, writeTempFile } from "../_helpers/steel.ts";

const FIXTURE = new URL("../fixtures/chronos2-tiny", import.meta.url).pathname;

async function csv(rows: number, withCov: boolean): Promise<string> {
  const path = await Deno.makeTempFile({ suffix: ".csv" });
  const lines = [withCov ? "timestamp,target,temp,hour" : "timestamp,target"];
  for (let i = 0; i < rows; i++) {
    const ts = new Date(Date.UTC(2024, 0, 1) + i * 3600e3).toISOString();
    const y = (10 + Math.sin(i / 4)).toFixed(4);
    lines.push(
      withCov ? `${ts},${y},${(20 + Math.cos(i / 5)).toFixed(3)},${i % 24}` : `${ts},${y}`,
    );
  }
  await Deno.writeTextFile(path, lines.join("\n") + "\n");
  return path;
}

Deno.test("forecast writes CSV forecasts after the last row", async () => {
  const data = await csv(60, false);
  try {
    const io = captureIo();
    assertEquals(
      await main([
        "--model",
        FIXTURE,
        "--data",
        data,
        "--prediction-length",
        "5",
        "--quantiles",
        "0.1,0.5,0.9",
      ], io),
      0,
      io.err.join(""),
    );
    const lines = io.out.join("").trim().split("\n");
    assertEquals(lines[0], "timestamp,median,0.1,0.5,0.9,actual");
    assertEquals(lines.length, 6);
    assertMatch(lines[1]!, /^2024-01-03T12:00:00Z,/);
    const [, median, , q5] = lines[1]!.split(",");
    assertEquals(median, q5);
  } finally {
    await Deno.remove(data);
  }
});

Deno.test("forecast uses covariates and writes JSON, covering the last rows when covariates are known", async () => {
  const data = await csv(60, true);
  const out = await Deno.makeTempFile({ suffix: ".json" });
  try {
    const io = captureIo();
    assertEquals(
      await main([
        "--model",
        FIXTURE,
        "--data",
        data,
        "--prediction-length",
        "4",
        "--covariates",
        "temp",
        "--known",
        "hour",
        "--output",
        out,
      ], io),
      0,
      io.err.join(""),
    );
    const j = JSON.parse(await Deno.readTextFile(out));
    assertEquals(j.forecast.length, 4);
    assert(typeof j.forecast[0].actual === "number");
    assertEquals(j.levels, [0.1, 0.5, 0.9]);
  } finally {
    await Deno.remove(data);
    await Deno.remove(out);
  }
});

Deno.test("forecast reports bad input clearly", async () => {
  const io = captureIo();
  assertEquals(await main(["--model", FIXTURE, "--data", "/nonexistent.csv"], io), 1);
  assertEquals(io.err.join("").trim().split("\n").length, 1);
  assertEquals(await main(["--model", FIXTURE], captureIo()), 2);
  assertEquals(
    await main(["--model", FIXTURE, "--data", "x.csv", "--prediction-length", "0"], captureIo()),
    2,
  );
  const empty = await Deno.makeTempDir();
  const e = captureIo();
  assertEquals(await main(["--model", empty, "--data", "x.csv"], e), 1);
  assertMatch(e.err.join(""), /config\.json/);
  await Deno.remove(empty);
});

Deno.test("forecast reports a folder given as --data in one line, exit 1", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const io = captureIo();
    assertEquals(await main(["--model", FIXTURE, "--data", dir], io), 1);
    const err = io.err.join("");
    assertMatch(err, /Is a directory/);
    assertEquals(err.trim().split("\n").length, 1, err);
    assert(!err.includes("    at "), "no stack trace");
  } finally {
    await Deno.remove(dir);
  }
});

Deno.test("forecast reads a file whose 00:00 rows close the previous day (the UCI steel layout)", async () => {
  const data = await writeTempFile(generateSteelCsv({ days: 3 }));
  const common = [
    "--model",
    FIXTURE,
    "--data",
    data,
    "--target",
    "Usage_kWh",
    "--timestamp-column",
    "date",
    "--date-format",
    "%d/%m/%Y %H:%M",
    "--prediction-length",
    "2",
  ];
  const refused = captureIo();
  assertEquals(await main(common, refused), 1);
  assertMatch(refused.err.join(""), /goes back in time/);
  const io = captureIo();
  assertEquals(
    await main([...common, "--utc-offset", "+09:00", "--midnight-end-of-day"], io),
    0,
    io.err.join(""),
  );
  const lines = io.out.join("").trim().split("\n");
  // 3 days end-labelled from 00:15 day 1: the last row is day 4 00:00, in the file's zone
  assertEquals(lines.slice(1).map((l) => l.split(",")[0]), [
    "2018-01-04T00:15:00+09:00",
    "2018-01-04T00:30:00+09:00",
  ]);
});

Deno.test("forecast --format bogus is refused with the valid formats (exit 2)", async () => {
  const io = captureIo();
  assertEquals(await main(["--model", FIXTURE, "--data", "x.csv", "--format", "bogus"], io), 2);
  assertMatch(io.err.join(""), /Option --format must be one of "csv", "json": got "bogus"/);
});

Deno.test("forecast --precision int8 answers near the fp32 forecast; a wrong precision is usage", async () => {
  const data = await csv(60, false);
  try {
    const run = async (precision: string) => {
      const io = captureIo();
      const code = await main([
        "--model",
        FIXTURE,
        "--data",
        data,
        "--prediction-length",
        "4",
        "--precision",
        precision,
        "--format",
        "json",
      ], io);
      return { code, io };
    };
    const fp32 = await run("fp32");
    const int8 = await run("int8");
    assertEquals([fp32.code, int8.code], [0, 0], int8.io.err.join(""));
    const median = (r: typeof fp32) =>
      (JSON.parse(r.io.out.join("")).forecast as { median: number }[]).map((x) => x.median);
    const a = median(fp32);
    const b = median(int8);
    assertEquals(a.length, 4);
    // the series is ~10 ± 1: int8 moves the median by a fraction of that, never to another scale
    assert(a.every((v, i) => Math.abs(v - b[i]!) < 1), `${a} vs ${b}`);
    const bad = await run("fp16");
    assertEquals(bad.code, 2);
    assertMatch(bad.io.err.join(""), /--precision/);
  } finally {
    await Deno.remove(data);
  }
});
