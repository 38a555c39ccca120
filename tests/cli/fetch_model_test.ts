import { assert, assertEquals, assertMatch } from "../_helpers/assert.ts";
import { captureIo } from "../../lib/cli/io.ts";
import { main } from "../../cli/fetch_model.ts";

const FIXTURE = new URL("../fixtures/chronos2-tiny", import.meta.url).pathname;

async function sha256(b: Uint8Array<ArrayBuffer>): Promise<string> {
  return Array.from(
    new Uint8Array(await crypto.subtle.digest("SHA-256", b)),
    (x) => x.toString(16).padStart(2, "0"),
  ).join("");
}

/** A local server answering like the hub: HEAD with x-linked-etag, GET with Range, optional faults. */
async function fakeHub(opts: { cutFirstTransfer?: boolean; wrongSha?: boolean; token?: string }) {
  const files: Record<string, Uint8Array<ArrayBuffer>> = {
    "config.json": await Deno.readFile(`${FIXTURE}/config.json`),
    "model.safetensors": await Deno.readFile(`${FIXTURE}/model.safetensors`),
  };
  const shas: Record<string, string> = {};
  for (const [k, v] of Object.entries(files)) shas[k] = await sha256(v);
  const log: string[] = [];
  let cut = opts.cutFirstTransfer ?? false;
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (req) => {
    const url = new URL(req.url);
    const m = url.pathname.match(/^\/amazon\/chronos-2\/resolve\/([^/]+)\/(.+)$/);
    log.push(`${req.method} ${url.pathname} ${req.headers.get("range") ?? ""}`);
    if (opts.token && req.headers.get("authorization") !== `Bearer ${opts.token}`) {
      return new Response("no", { status: 401 });
    }
    const body = m ? files[m[2]!] : undefined;
    if (!body) return new Response("missing", { status: 404 });
    const sha = opts.wrongSha && m![2] === "model.safetensors" ? "0".repeat(64) : shas[m![2]!]!;
    const headers = {
      "x-linked-etag": `"${sha}"`,
      "x-linked-size": String(body.length),
      "x-repo-commit": "abc",
    };
    if (req.method === "HEAD") {
      return new Response(null, { headers: { ...headers, "content-length": String(body.length) } });
    }
    const range = req.headers.get("range")?.match(/^bytes=(\d+)-$/);
    const start = range ? Number(range[1]) : 0;
    const part = body.subarray(start);
    if (cut && m![2] === "model.safetensors") {
      cut = false;
      const stream = new ReadableStream<Uint8Array>({
        start(c) {
          c.enqueue(part.subarray(0, 100_000));
          setTimeout(() => c.error(new Error("connection cut")), 20);
        },
      });
      return new Response(stream, {
        headers: { ...headers, "content-length": String(part.length) },
      });
    }
    return new Response(part, {
      status: range ? 206 : 200,
      headers: {
        ...headers,
        "content-length": String(part.length),
        ...(range ? { "content-range": `bytes ${start}-${body.length - 1}/${body.length}` } : {}),
      },
    });
  });
  return { server, log, files, endpoint: `http://127.0.0.1:${server.addr.port}` };
}

Deno.test("fetch-model resumes an interrupted transfer with Range, verifies sha256 and converts", async () => {
  const hub = await fakeHub({ cutFirstTransfer: true, token: "tok" });
  const dir = await Deno.makeTempDir();
  Deno.env.set("HF_ENDPOINT", hub.endpoint);
  Deno.env.set("HF_TOKEN", "tok");
  try {
    const io1 = captureIo();
    assertEquals(await main(["--dir", dir], io1), 1);
    assertMatch(io1.err.join(""), /interrupted.*run again to resume/);
    const partSize = (await Deno.stat(`${dir}/model.safetensors.part`)).size;
    assert(partSize > 0 && partSize < hub.files["model.safetensors"]!.length);
    const io2 = captureIo();
    assertEquals(await main(["--dir", dir], io2), 0, io2.err.join(""));
    assert(hub.log.some((l) => l.includes(`bytes=${partSize}-`)), hub.log.join("\n"));
    assertEquals(await Deno.readFile(`${dir}/model.safetensors`), hub.files["model.safetensors"]);
    assert((await Deno.stat(`${dir}/model.onnx`)).size > 0);
    assert((await Deno.stat(`${dir}/model.singleton.onnx`)).size > 0);
    assertMatch(io2.err.join(""), /model\.safetensors: .*\(100%\)/, io2.err.join(""));
  } finally {
    Deno.env.delete("HF_ENDPOINT");
    Deno.env.delete("HF_TOKEN");
    await hub.server.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("fetch-model rejects a wrong checksum and removes the partial file", async () => {
  const hub = await fakeHub({ wrongSha: true });
  const dir = await Deno.makeTempDir();
  Deno.env.set("HF_ENDPOINT", hub.endpoint);
  try {
    const io = captureIo();
    assertEquals(await main(["--dir", dir, "--no-convert"], io), 1);
    assertMatch(io.err.join(""), /Checksum mismatch for "model\.safetensors"/);
    let exists = true;
    await Deno.stat(`${dir}/model.safetensors.part`).catch(() => (exists = false));
    assertEquals(exists, false);
    const io2 = captureIo();
    assertEquals(await main(["--dir", dir, "--repo", "amazon/missing"], io2), 1);
    assertMatch(io2.err.join(""), /HTTP 404/);
  } finally {
    Deno.env.delete("HF_ENDPOINT");
    await hub.server.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("fetch-model asks for HF_TOKEN when the hub refuses, and prints usage on bad flags", async () => {
  const hub = await fakeHub({ token: "secret" });
  Deno.env.set("HF_ENDPOINT", hub.endpoint);
  const dir = await Deno.makeTempDir();
  try {
    const io = captureIo();
    assertEquals(await main(["--dir", dir], io), 1);
    assertMatch(io.err.join(""), /HF_TOKEN/);
    assertEquals(await main(["--bogus"], captureIo()), 2);
    assertEquals(await main(["--repo", "no-slash"], captureIo()), 2);
    const help = captureIo();
    assertEquals(await main(["--help"], help), 0);
    assertMatch(help.out.join(""), /Usage/);
  } finally {
    Deno.env.delete("HF_ENDPOINT");
    await hub.server.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("fetch-model reports a --dir it cannot create in one line, exit 1", async () => {
  const file = await Deno.makeTempFile();
  Deno.env.set("HF_ENDPOINT", "http://127.0.0.1:9");
  try {
    const io = captureIo();
    assertEquals(await main(["--dir", `${file}/model`, "--no-convert"], io), 1);
    const err = io.err.join("");
    assertMatch(err, /Not a directory/);
    assertEquals(err.trim().split("\n").length, 1, err);
    assert(!err.includes("    at "), "no stack trace");
  } finally {
    Deno.env.delete("HF_ENDPOINT");
    await Deno.remove(file);
  }
});

Deno.test("fetch-model --repo t/.. is refused as usage (exit 2) before anything is written", async () => {
  const io = captureIo();
  assertEquals(await main(["--repo", "t/..", "--no-convert"], io), 2);
  assertMatch(io.err.join(""), /Cannot use "t\/\.\." as a hub repository/);
});

for (
  const [sig, code, said] of [
    ["SIGINT", 130, /Interrupted: stopping the download/],
    ["SIGTERM", 143, /Terminated \(SIGTERM\): stopping the download/],
  ] as const
) {
  Deno.test(`fetch-model stops at ${sig} during a download: exit ${code}, the part kept for a resume`, async () => {
    const { startFaultServer } = await import("../_helpers/fault_server.ts");
    const server = startFaultServer({ kind: "drip", everyMs: 20, bytes: 1_000_000 });
    const dir = await Deno.makeTempDir();
    try {
      const child = new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "--allow-all",
          new URL("../../cli/fetch_model.ts", import.meta.url).pathname,
          "--dir",
          dir,
          "--no-convert",
        ],
        env: { HF_ENDPOINT: server.url, DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" },
        stdout: "piped",
        stderr: "piped",
      }).spawn();
      const part = `${dir}/config.json.part`;
      for (
        let i = 0;
        i < 600 && !(await Deno.stat(part).then((s) => s.size > 0, () => false));
        i++
      ) {
        await new Promise((r) => setTimeout(r, 50));
      }
      child.kill(sig);
      const out = await child.output();
      const err = new TextDecoder().decode(out.stderr);
      assertEquals(out.code, code, err);
      assertMatch(err, said);
      assertMatch(err, /cancelled/);
      assert((await Deno.stat(part)).size > 0);
    } finally {
      await server.close();
      await Deno.remove(dir, { recursive: true });
    }
  });
}
