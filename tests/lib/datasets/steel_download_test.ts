import { assert, assertEquals, assertRejects } from "../../_helpers/assert.ts";
import { DownloadError } from "../../../lib/errors.ts";
import { downloadSteelData, STEEL_FILE_NAME } from "../../../lib/datasets/steel_download.ts";
import { F, withServer, withTruncatingServer } from "../data/_steel_server.ts";
import { startFaultServer } from "../../_helpers/fault_server.ts";

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

Deno.test("downloadSteelData() stops a server that drips a byte at a time at its deadline", async () => {
  const server = startFaultServer({ kind: "drip", everyMs: 50, bytes: 100_000 });
  const cacheDir = await Deno.makeTempDir();
  try {
    await expectDownloadError(server.url, cacheDir, /did not finish within 500 ms/, {
      deadlineMs: 500,
    });
  } finally {
    await server.close();
    await Deno.remove(cacheDir, { recursive: true });
  }
});

Deno.test("downloadSteelData() retries a 503 then succeeds; a 500 body is quoted bounded", async () => {
  const cacheDir = await Deno.makeTempDir();
  const flaky = startFaultServer({ kind: "status", codes: [503, 200], body: "not a zip" });
  const failing = startFaultServer({ kind: "status", codes: [500], body: "E".repeat(50_000) });
  try {
    await expectDownloadError(flaky.url, cacheDir, /corrupt/);
    assertEquals(flaky.requests.length, 2);
    await expectDownloadError(failing.url, cacheDir, /answered 500: E+… \(50000 characters\)/, {
      retries: 0,
    });
  } finally {
    await flaky.close();
    await failing.close();
    await Deno.remove(cacheDir, { recursive: true });
  }
});

Deno.test("downloadSteelData() never shows user:pass@ of its URL", async () => {
  const cacheDir = await Deno.makeTempDir();
  const url = "http://ann:pa55word@127.0.0.1:9/steel.zip";
  try {
    await assertRejects(
      () => downloadSteelData({ url, cacheDir, retries: 0, timeoutMs: 2000 }),
      (err: unknown) => {
        assert(err instanceof DownloadError);
        assert(!err.message.includes("pa55word") && !err.message.includes("ann:"), err.message);
        assertEquals(err.url, "http://***@127.0.0.1:9/steel.zip");
        return true;
      },
    );
  } finally {
    await Deno.remove(cacheDir, { recursive: true });
  }
});

Deno.test("downloadSteelData() stops when its signal aborts (Ctrl-C)", async () => {
  const server = startFaultServer({ kind: "hang" });
  const cacheDir = await Deno.makeTempDir();
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), 100);
  try {
    await expectDownloadError(server.url, cacheDir, /cancelled/, { signal: ctl.signal });
  } finally {
    clearTimeout(timer);
    await server.close();
    await Deno.remove(cacheDir, { recursive: true });
  }
});
