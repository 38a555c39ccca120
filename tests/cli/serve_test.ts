import { assert, assertEquals, assertMatch } from "../_helpers/assert.ts";
import { captureIo } from "../../lib/cli/io.ts";
import { main } from "../../cli/serve.ts";

const FIXTURE = new URL("../fixtures/chronos2-tiny", import.meta.url).pathname;
const CLI = new URL("../../cli/serve.ts", import.meta.url).pathname;

Deno.test("serve --help prints the usage, exit 0", async () => {
  const io = captureIo();
  assertEquals(await main(["--help"], io), 0);
  assertMatch(io.out.join(""), /Usage: deno task serve/);
  assertMatch(io.out.join(""), /CHRONOS_API_TOKEN/);
});

Deno.test("serve refuses bad options with the usage, exit 2", async () => {
  for (const args of [["--port", "x"], ["--bogus"], ["--port", "-1"], ["--model", ""]]) {
    const io = captureIo();
    assertEquals(await main(args, io), 2, args.join(" "));
    assertMatch(io.err.join(""), /Usage: deno task serve/);
  }
});

Deno.test("serve reports a model folder that does not exist, exit 1", async () => {
  const io = captureIo();
  assertEquals(await main(["--model", "/no/such/model-folder", "--port", "0"], io), 1);
  assertMatch(io.err.join(""), /no\/such\/model-folder/);
});

async function readLine(reader: ReadableStreamDefaultReader<string>): Promise<string> {
  let buf = "";
  while (!buf.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) break;
    buf += value;
  }
  return buf.split("\n")[0]!;
}

Deno.test("serve answers HTTP, reloads on SIGHUP and exits 0 on SIGTERM (subprocess)", async () => {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", CLI, "--model", FIXTURE, "--port", "0"],
    stdout: "piped",
    stderr: "piped",
    env: { CHRONOS_API_TOKEN: "tok" },
  }).spawn();
  const stderr = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  const errText: string[] = [];
  const errDone = (async () => {
    while (true) {
      const { value, done } = await stderr.read();
      if (done) return;
      errText.push(value);
    }
  })();
  const out = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  try {
    const url = await readLine(out);
    assertMatch(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const r = await fetch(`${url}/v1/forecast`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer tok" },
      body: JSON.stringify({ inputs: [{ target: [1, 2, 3, 4] }], prediction_length: 3 }),
    });
    assertEquals(r.status, 200);
    assertEquals((await r.json()).forecasts[0].mean.length, 3);
    const denied = await fetch(`${url}/v1/models`);
    assertEquals(denied.status, 401);
    await denied.body?.cancel();
    child.kill("SIGHUP");
    for (let i = 0; i < 600 && !errText.join("").includes("reloaded"); i++) {
      await new Promise((res) => setTimeout(res, 50));
    }
    const models =
      await (await fetch(`${url}/v1/models`, { headers: { authorization: "Bearer tok" } }))
        .json();
    assertEquals(models.models[0].generation, 2);
    child.kill("SIGTERM");
    const status = await child.status;
    await errDone;
    assertEquals(status.code, 0, errText.join(""));
    assertMatch(errText.join(""), /stopped/);
    assert(!errText.join("").includes("tok\n"));
  } finally {
    await out.cancel().catch(() => {});
    try {
      child.kill("SIGKILL");
    } catch {
      // already exited
    }
    await child.status;
  }
});
