/**
 * A real redis-server (Debian's) on a free loopback port for the distributed
 * tests: started per test file, no persistence, stopped and restarted on
 * demand. Tests that need it are ignored with a reason when redis-server is
 * not installed (`.ci/run` installs it).
 *
 * @module
 */

/** Whether redis-server can be run here. */
export const HAVE_REDIS: boolean = (() => {
  try {
    return new Deno.Command("redis-server", { args: ["--version"], stdout: "null", stderr: "null" })
      .outputSync().success;
  } catch {
    return false;
  }
})();

/** A running test Redis. */
export interface TestRedis {
  /** Its URL, redis://127.0.0.1:PORT. */
  url: string;
  /** Its port. */
  port: number;
  /** Stops it (SIGTERM, waits). */
  stop(): Promise<void>;
  /** Starts it again on the same port (after stop). */
  start(): Promise<void>;
}

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

async function waitForPort(port: number, up: boolean): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      const c = await Deno.connect({ hostname: "127.0.0.1", port });
      c.close();
      if (up) return;
    } catch {
      if (!up) return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`redis-server on port ${port} did not come ${up ? "up" : "down"}`);
}

/**
 * Starts a redis-server on a free loopback port. With `persistent`, it keeps an
 * append-only file (fsync on every write) in a temporary folder, so a restart
 * keeps the queue as a production Redis would.
 */
export async function startRedis(options: { persistent?: boolean } = {}): Promise<TestRedis> {
  const port = freePort();
  const dir = options.persistent ? await Deno.makeTempDir({ prefix: "redis-" }) : undefined;
  const persistence = dir
    ? ["--dir", dir, "--appendonly", "yes", "--appendfsync", "always"]
    : ["--appendonly", "no"];
  let child: Deno.ChildProcess | undefined;
  const start = async () => {
    child = new Deno.Command("redis-server", {
      args: ["--port", String(port), "--bind", "127.0.0.1", "--save", "", ...persistence],
      stdout: "null",
      stderr: "null",
    }).spawn();
    await waitForPort(port, true);
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    start,
    async stop() {
      if (!child) return;
      child.kill("SIGTERM");
      await child.status;
      child = undefined;
      await waitForPort(port, false);
    },
  };
}
