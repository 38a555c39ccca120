import assert from "node:assert/strict";
import { DownloadError } from "../../../lib/errors.ts";
import { checkRepoId, defaultModelDir, downloadModel } from "../../../models/chronos2/hub.ts";
import { startFaultServer } from "../../_helpers/fault_server.ts";

const TOKEN = "hf_TopSecretToken1234567890";
const quick = {
  timeoutMs: 300,
  idleTimeoutMs: 300,
  retries: 0,
  token: TOKEN,
  files: ["config.json"],
};

async function downloadFailure(
  options: Parameters<typeof downloadModel>[0],
): Promise<DownloadError> {
  try {
    await downloadModel(options);
  } catch (err) {
    if (err instanceof DownloadError) return err;
    throw err;
  }
  throw new Error("expected a DownloadError");
}

function assertNoSecret(text: string): void {
  assert.ok(!text.includes("TopSecret"), text);
  assert.ok(!text.includes("pa55word"), text);
}

Deno.test("checkRepoId() refuses ids whose name would leave models/foundation", () => {
  for (
    const bad of ["t/..", "t/.", "../x", "a/b/c", "a", "a/", "/b", "a/b\\..", "a/-x", "a/x--y"]
  ) {
    assert.throws(() => checkRepoId(bad), RangeError, bad);
    assert.throws(() => defaultModelDir(bad), RangeError, bad);
  }
  assert.equal(defaultModelDir("autogluon/chronos-2-small"), "models/foundation/chronos-2-small");
  assert.equal(checkRepoId("a.b/c_d.e"), "a.b/c_d.e");
});

Deno.test("downloadModel() refuses a file name that leaves its folder before any request", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await assert.rejects(
      downloadModel({ dir, endpoint: "http://127.0.0.1:9", files: ["../escape.json"] }),
      RangeError,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("downloadModel() gives up on a hub that never answers, without the token", async () => {
  const server = startFaultServer({ kind: "hang" });
  const dir = await Deno.makeTempDir();
  try {
    const err = await downloadFailure({ ...quick, dir, endpoint: server.url });
    assert.match(err.message, /No answer from .* within 300 ms/);
    assertNoSecret(err.message);
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("downloadModel() stops a dripping transfer at its deadline and keeps the part", async () => {
  const server = startFaultServer({ kind: "drip", everyMs: 40, bytes: 100_000 });
  const dir = await Deno.makeTempDir();
  try {
    const err = await downloadFailure({
      ...quick,
      idleTimeoutMs: 5_000,
      deadlineMs: 800,
      dir,
      endpoint: server.url,
    });
    assert.match(err.message, /within its deadline/);
    assert.match(err.message, /run again to resume/);
    const part = await Deno.stat(`${dir}/config.json.part`);
    assert.ok(part.size > 0 && part.size < 100_000);
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("downloadModel() quotes a 500 answer echoing the token without it, and bounded", async () => {
  const server = startFaultServer({ kind: "echo", status: 500 });
  const dir = await Deno.makeTempDir();
  try {
    const err = await downloadFailure({ ...quick, dir, endpoint: server.url });
    assert.match(err.message, /HTTP 500/);
    assertNoSecret(err.message);
    assert.ok(err.message.length < 700, `${err.message.length} characters`);
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("downloadModel() retries 503/429 and finishes", async () => {
  const server = startFaultServer({ kind: "status", codes: [503, 200, 429, 200], body: "{}" });
  const dir = await Deno.makeTempDir();
  try {
    await downloadModel({ ...quick, retries: 2, dir, endpoint: server.url });
    assert.equal(await Deno.readTextFile(`${dir}/config.json`), "{}");
    assert.equal(server.requests.length, 4);
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("downloadModel() never shows user:pass@ of HF_ENDPOINT", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const err = await downloadFailure({
      ...quick,
      dir,
      endpoint: "http://me:pa55word@127.0.0.1:9",
    });
    assertNoSecret(err.message);
    assertNoSecret(err.url);
    assert.match(err.url, /^http:\/\/\*\*\*@127\.0\.0\.1:9\//);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("downloadModel() stops at once when its signal aborts (Ctrl-C)", async () => {
  const server = startFaultServer({ kind: "drip", everyMs: 20, bytes: 100_000 });
  const dir = await Deno.makeTempDir();
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), 300);
  try {
    const err = await downloadFailure({ ...quick, dir, endpoint: server.url, signal: ctl.signal });
    assert.match(err.message, /cancelled/);
  } finally {
    clearTimeout(timer);
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});
