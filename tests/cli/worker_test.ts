import { assertEquals, assertMatch } from "../_helpers/assert.ts";
import { captureIo } from "../../lib/cli/io.ts";
import { main } from "../../cli/worker.ts";
import { HAVE_REDIS, startRedis } from "../_helpers/redis.ts";

Deno.test("worker --help prints the usage; bad options exit 2", async () => {
  const io = captureIo();
  assertEquals(await main(["--help"], io), 0);
  assertMatch(io.out.join(""), /Usage: deno task worker/);
  for (const args of [["--concurrency", "0"], ["--lock-duration", "10"], ["--what"]]) {
    const bad = captureIo();
    assertEquals(await main(args, bad), 2, args.join(" "));
    assertMatch(bad.err.join(""), /Usage: deno task worker/);
  }
});

Deno.test({
  name: "worker connects to $REDIS_URL, says where, and exits 0 on SIGTERM",
  ignore: !HAVE_REDIS,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const redis = await startRedis();
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-all", new URL("../../cli/worker.ts", import.meta.url).pathname],
      env: { REDIS_URL: redis.url.replace("redis://", "redis://:s3cret@") },
      stdout: "null",
      stderr: "piped",
    }).spawn();
    try {
      const reader = child.stderr.getReader();
      let text = "";
      while (!text.includes("Worker ")) {
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
      assertMatch(text, new RegExp(`on queue "chronos" at redis://127\\.0\\.0\\.1:${redis.port}`));
      assertEquals(text.includes("s3cret"), false);
      child.kill("SIGTERM");
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
      assertMatch(text, /Stopping: finishing the jobs in flight/);
      assertEquals((await child.status).code, 0);
    } finally {
      try {
        child.kill("SIGKILL");
      } catch { /* exited */ }
      await redis.stop();
    }
  },
});
