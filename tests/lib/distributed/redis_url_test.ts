import assert from "node:assert/strict";
import { parseRedisUrl } from "../../../lib/distributed/redis_url.ts";

Deno.test("parseRedisUrl() reads host, port, db and credentials and prints none of them", () => {
  assert.deepEqual(parseRedisUrl("redis://127.0.0.1"), {
    host: "127.0.0.1",
    port: 6379,
    db: 0,
    tls: false,
    display: "redis://127.0.0.1",
  });
  const s = parseRedisUrl("rediss://worker:p%40ss@cache.internal:6380/3");
  assert.equal(s.username, "worker");
  assert.equal(s.password, "p@ss");
  assert.equal(s.tls, true);
  assert.equal(s.db, 3);
  assert.equal(s.display, "rediss://cache.internal:6380/3");
  assert.equal(parseRedisUrl("redis://[::1]:7000").host, "::1");
});

Deno.test("parseRedisUrl() refuses other schemes and bad databases without echoing the password", () => {
  assert.throws(
    () => parseRedisUrl("http://u:hunter2@h:1"),
    (e: unknown) =>
      e instanceof SyntaxError && /redis:\/\/ or rediss:\/\//.test(e.message) &&
      !e.message.includes("hunter2"),
  );
  assert.throws(() => parseRedisUrl("redis://h/x"), /database must be a number/);
  assert.throws(() => parseRedisUrl("not a url"), /Cannot parse the Redis URL "not a url"/);
});
