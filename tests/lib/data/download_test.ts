import { assert, assertEquals, assertRejects } from "../../_helpers/assert.ts";
import { DownloadError } from "../../../lib/errors.ts";
import {
  downloadSteelData,
  type DownloadSteelOptions,
  sha256Hex,
  STEEL_FILE_NAME,
} from "../../../lib/data/download.ts";
import { resolveSteelData } from "../../../lib/data/resolve.ts";
import { generateSteelCsv, steelCsvPath } from "../../_helpers/steel.ts";
import { buildZip } from "./_zip_writer.ts";

/** The test fixtures: the real (or generated) CSV and archives built from it. */
async function fixtures() {
  const { path, real } = await steelCsvPath();
  const csv = await Deno.readFile(path);
  // With the real file the default sha256 and row count are checked; else the generated ones.
  const expect: DownloadSteelOptions = real
    ? {}
    : { expectedSha256: await sha256Hex(csv), expectedRows: 35040 };
  const good = await buildZip([{ name: STEEL_FILE_NAME, data: csv }]);
  const corrupt = good.slice();
  for (let i = 200; i < 260; i++) corrupt[i] = corrupt[i]! ^ 0xa5;
  const changed = new TextDecoder().decode(csv).replace(
    /\r\n01\/01\/2018 00:15,[0-9.]+,/,
    "\r\n01/01/2018 00:15,999,",
  );
  const wrongSha = await buildZip([{
    name: STEEL_FILE_NAME,
    data: new TextEncoder().encode(changed),
  }]);
  const fewRows = await buildZip([{
    name: `steel/${STEEL_FILE_NAME}`,
    data: new TextEncoder().encode(generateSteelCsv({ days: 1 })),
    method: 0,
  }]);
  const noCsv = await buildZip([{ name: "README.txt", data: new TextEncoder().encode("hi") }]);
  const wrongHeader = await buildZip([{
    name: STEEL_FILE_NAME,
    data: new TextEncoder().encode("a,b\r\n1,2\r\n"),
  }]);
  return { csv, expect, good, corrupt, wrongSha, fewRows, noCsv, wrongHeader, real };
}

const F = await fixtures();

/** Serves the fixtures on 127.0.0.1 (port 0) for the duration of `fn`. */
async function withServer(fn: (base: string) => Promise<void>) {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  const routes: Record<string, Uint8Array> = {
    "/good.zip": F.good,
    "/corrupt.zip": F.corrupt,
    "/wrong-sha.zip": F.wrongSha,
    "/few-rows.zip": F.fewRows,
    "/no-csv.zip": F.noCsv,
    "/wrong-header.zip": F.wrongHeader,
    "/page.html": new TextEncoder().encode("<html>moved</html>"),
  };
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
    const path = new URL(req.url).pathname;
    if (path === "/hang.zip") {
      await released;
      return new Response("late");
    }
    const body = routes[path];
    return body
      ? new Response(body as Uint8Array<ArrayBuffer>)
      : new Response("no", { status: 404 });
  });
  try {
    await fn(`http://127.0.0.1:${server.addr.port}`);
  } finally {
    release();
    await server.shutdown();
  }
}

/** A raw TCP server that announces the whole archive but sends half of it, then closes. */
async function withTruncatingServer(fn: (url: string) => Promise<void>) {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const served = (async () => {
    const conn = await listener.accept();
    const buf = new Uint8Array(4096);
    await conn.read(buf);
    const head =
      `HTTP/1.1 200 OK\r\nContent-Type: application/zip\r\nContent-Length: ${F.good.length}\r\n\r\n`;
    await conn.write(new TextEncoder().encode(head));
    const half = F.good.subarray(0, F.good.length >> 1);
    for (let p = 0; p < half.length;) p += await conn.write(half.subarray(p));
    conn.close();
  })();
  try {
    await fn(`http://127.0.0.1:${(listener.addr as Deno.NetAddr).port}/steel.zip`);
  } finally {
    listener.close();
    await served.catch(() => {});
  }
}

async function listDir(dir: string): Promise<string[]> {
  const names: string[] = [];
  try {
    for await (const e of Deno.readDir(dir)) names.push(e.name);
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
  }
  return names.sort();
}

async function expectDownloadError(url: string, cacheDir: string, pattern: RegExp, extra = {}) {
  const err = await assertRejects(
    () => downloadSteelData({ ...F.expect, url, cacheDir, timeoutMs: 2000, ...extra }),
    (e: unknown) => {
      assert(e instanceof DownloadError, `expected DownloadError, got ${e}`);
      assert(
        pattern.test(e.message),
        `message ${JSON.stringify(e.message)} does not match ${pattern}`,
      );
      assert(e.message.includes("--data PATH") && e.message.includes("STEEL_DATA"), e.message);
      assertEquals(e.url, url);
      return true;
    },
  );
  void err;
  assertEquals(await listDir(cacheDir), [], "nothing may be left in the cache");
}

Deno.test("downloadSteelData() downloads, unzips, verifies and caches the CSV", async () => {
  const cacheDir = await Deno.makeTempDir();
  try {
    await withServer(async (base) => {
      const progress: { receivedBytes: number; totalBytes?: number }[] = [];
      const path = await downloadSteelData({
        ...F.expect,
        url: `${base}/good.zip`,
        cacheDir,
        onProgress: (p) => progress.push(p),
      });
      assertEquals(path, `${cacheDir}/${STEEL_FILE_NAME}`);
      assertEquals(await Deno.readFile(path), F.csv);
      assertEquals(await listDir(cacheDir), [STEEL_FILE_NAME]);
      assert(progress.length >= 1);
      assertEquals(progress.at(-1), { receivedBytes: F.good.length, totalBytes: F.good.length });
      for (let i = 1; i < progress.length; i++) {
        assert(progress[i]!.receivedBytes > progress[i - 1]!.receivedBytes);
      }
    });
  } finally {
    await Deno.remove(cacheDir, { recursive: true });
  }
});

Deno.test("downloadSteelData() rejects bad downloads with DownloadError and caches nothing", async () => {
  const cacheDir = await Deno.makeTempDir();
  try {
    await withServer(async (base) => {
      await expectDownloadError(`${base}/corrupt.zip`, cacheDir, /archive .* is corrupt/);
      await expectDownloadError(
        `${base}/wrong-sha.zip`,
        cacheDir,
        /has sha256 [0-9a-f]{64}, expected/,
      );
      await expectDownloadError(
        `${base}/few-rows.zip`,
        cacheDir,
        /has 96 data rows, expected 35040/,
      );
      await expectDownloadError(`${base}/wrong-header.zip`, cacheDir, /unexpected header: "a,b"/);
      await expectDownloadError(
        `${base}/no-csv.zip`,
        cacheDir,
        /Cannot find .* it holds "README.txt"/,
      );
      await expectDownloadError(`${base}/page.html`, cacheDir, /corrupt .*no end-of-directory/);
      await expectDownloadError(`${base}/missing.zip`, cacheDir, /server answered 404/);
      await expectDownloadError(`${base}/hang.zip`, cacheDir, /no answer within 200 ms/, {
        timeoutMs: 200,
      });
    });
  } finally {
    await Deno.remove(cacheDir, { recursive: true });
  }
});

Deno.test("downloadSteelData() reports a truncated download", async () => {
  const cacheDir = await Deno.makeTempDir();
  try {
    await withTruncatingServer(async (url) => {
      await expectDownloadError(url, cacheDir, /truncated/);
    });
  } finally {
    await Deno.remove(cacheDir, { recursive: true });
  }
});

Deno.test("downloadSteelData() fails fast when the server cannot be reached", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close(); // nothing listens there now
  const cacheDir = await Deno.makeTempDir();
  try {
    await expectDownloadError(`http://127.0.0.1:${port}/steel.zip`, cacheDir, /cannot be reached/);
  } finally {
    await Deno.remove(cacheDir, { recursive: true });
  }
});

Deno.test("resolveSteelData() prefers --data, then STEEL_DATA, then the cache, then a download", async () => {
  const cacheDir = await Deno.makeTempDir();
  const { path } = await steelCsvPath();
  const noEnv = () => undefined;
  try {
    assertEquals(await resolveSteelData({ data: path, cacheDir, env: noEnv }), {
      path,
      origin: "argument",
    });
    await assertRejects(
      () => resolveSteelData({ data: "/nope.csv", cacheDir }),
      /Cannot find the data file "\/nope.csv" given by --data/,
    );
    const env = (n: string) => (n === "STEEL_DATA" ? path : undefined);
    assertEquals((await resolveSteelData({ cacheDir, env })).origin, "env");
    await assertRejects(
      () => resolveSteelData({ cacheDir, env: () => "/nope.csv" }),
      (e: unknown) => e instanceof Deno.errors.NotFound && /STEEL_DATA/.test(e.message),
    );
    await assertRejects(
      () => resolveSteelData({ cacheDir, env: noEnv, download: false }),
      (e: unknown) => e instanceof DownloadError && /--data PATH/.test(e.message),
    );
    await withServer(async (base) => {
      const url = `${base}/good.zip`;
      const first = await resolveSteelData({ ...F.expect, cacheDir, env: noEnv, url });
      assertEquals(first.origin, "download");
      const second = await resolveSteelData({
        ...F.expect,
        cacheDir,
        env: noEnv,
        url: `${base}/missing.zip`,
      });
      assertEquals(second, { path: first.path, origin: "cache" });
      // A damaged cache file is replaced, with a warning.
      await Deno.writeTextFile(first.path, "damaged");
      const warnings: string[] = [];
      const third = await resolveSteelData({
        ...F.expect,
        cacheDir,
        env: noEnv,
        url,
        onWarning: (m) => warnings.push(m),
      });
      assertEquals(third.origin, "download");
      assertEquals(warnings.length, 1);
      assertEquals(await Deno.readFile(third.path), F.csv);
    });
  } finally {
    await Deno.remove(cacheDir, { recursive: true });
  }
});
