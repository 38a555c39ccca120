import { join } from "node:path";
import { assert, assertEquals, assertMatch, assertStrictEquals } from "../_helpers/assert.ts";
import { captureIo } from "../../lib/cli/io.ts";
import { main } from "../../cli/runs.ts";
import { FileStore } from "../../lib/tracking/file_store.ts";
import { FakeMlflow } from "../lib/tracking/_fake_mlflow.ts";

async function store(dir: string): Promise<void> {
  const s = new FileStore(dir, { user: "ana", sourceName: "cli/zero_shot.ts" });
  const runs: [string, string, number, number][] = [
    ["steel_energy_chronos2", "zs-512", 512, 3.25],
    ["steel_energy_chronos2", "zs-2048", 2048, 2.5],
    ["steel_energy_chronos2_finetuned", "ft", 2048, 2.0],
  ];
  let t = 1700000000000;
  for (const [exp, name, ctx, rmse] of runs) {
    const run = await s.startRun({ experiment: exp, runName: name, startTime: t += 60_000 });
    await run.logParams({ context_length: ctx, model: "amazon/chronos-2" });
    await run.logMetrics({ rmse, mae: rmse / 2 });
    await run.end();
  }
}

Deno.test("runs lists a store as a table, filtered and sorted", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await store(dir);
    const io = captureIo();
    assertStrictEquals(
      await main(["--uri", dir, "--experiment", "steel_energy_chronos2", "--sort", "rmse"], io),
      0,
    );
    const lines = io.out.join("").trimEnd().split("\n");
    assertStrictEquals(lines.length, 4);
    assertMatch(
      lines[0]!,
      /^run\s+name\s+status\s+start \(UTC\)\s+time\s+context_length\s+rmse\s+mae$/,
    );
    assertMatch(lines[2]!, /zs-2048\s+FINISHED\s+2023-11-14 22:15\s+\S+\s+2048\s+2\.5\s+1\.25$/);
    assertMatch(lines[3]!, /zs-512 .* 512\s+3\.25\s+1\.625$/);
    const desc = captureIo();
    await main(["--uri", dir, "--sort=-rmse", "--json"], desc);
    const runs = JSON.parse(desc.out.join(""));
    assertEquals(runs.map((r: { runName: string }) => r.runName), ["zs-512", "zs-2048", "ft"]);
    assertStrictEquals(runs[0].params.context_length, "512");
    // chosen columns, across experiments
    const chosen = captureIo();
    await main(["--uri", dir, "--params", "model,context_length", "--metrics", "mae"], chosen);
    assertMatch(
      chosen.out.join("").split("\n")[0]!,
      /^run\s+name\s+experiment\s+status\s+start \(UTC\)\s+time\s+model\s+context_length\s+mae$/,
    );
    const misuse = captureIo();
    assertStrictEquals(await main(["push", "--params", "model"], misuse), 2);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("runs explains usage, unknown experiments and unsupported stores", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await store(dir);
    const help = captureIo();
    assertStrictEquals(await main(["--help"], help), 0);
    assert(help.out.join("").includes("deno task runs push"));
    const bad = captureIo();
    assertStrictEquals(await main(["--nope"], bad), 2);
    const missing = captureIo();
    assertStrictEquals(await main(["--uri", dir, "--experiment", "nope"], missing), 1);
    assertMatch(
      missing.err.join(""),
      /No experiment named "nope": the store has "Default", "steel_energy_chronos2"/,
    );
    const db = captureIo();
    assertStrictEquals(await main(["--uri", "sqlite:///mlflow.db"], db), 1);
    assertMatch(db.err.join(""), /mlflow server --backend-store-uri sqlite:\/\/\/mlflow.db/);
    const push = captureIo();
    assertStrictEquals(await main(["push", "--uri", dir], push), 2);
    assertMatch(push.err.join(""), /Cannot push without a server/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("runs reports a store path that is a file in one line, exit 1", async () => {
  const file = await Deno.makeTempFile();
  try {
    const io = captureIo();
    assertEquals(await main(["--uri", file], io), 1);
    const err = io.err.join("");
    assertMatch(err, /^error: Not a directory/);
    assertEquals(err.trim().split("\n").length, 1, err);
    assert(!err.includes("    at "), "no stack trace");
  } finally {
    await Deno.remove(file);
  }
});

Deno.test("runs push replays local runs once; runs --uri lists them from the server", async () => {
  const dir = await Deno.makeTempDir();
  const server = FakeMlflow.start();
  try {
    await store(join(dir, "mlruns"));
    const io = captureIo();
    assertStrictEquals(
      await main(["push", "--uri", server.url, "--from", join(dir, "mlruns")], io),
      0,
    );
    assertStrictEquals(io.out.filter((l) => l.startsWith("pushed ")).length, 3);
    const again = captureIo();
    assertStrictEquals(
      await main(["push", "--uri", server.url, "--from", join(dir, "mlruns")], again),
      0,
    );
    assertMatch(again.err.join(""), /0 pushed, 3 already/);
    const list = captureIo();
    assertStrictEquals(await main(["--uri", server.url, "--json", "--sort", "rmse"], list), 0);
    const runs = JSON.parse(list.out.join(""));
    assertEquals(runs.map((r: { runName: string }) => r.runName), ["ft", "zs-2048", "zs-512"]);
    assertStrictEquals(runs[0].experimentName, "steel_energy_chronos2_finetuned");
    assertEquals(server.problems, []);
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});
