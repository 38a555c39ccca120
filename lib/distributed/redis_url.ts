/**
 * Where the queue's Redis is: `REDIS_URL` (`redis://[user:pass@]host:port[/db]`
 * or `rediss://` for TLS) parsed into connection settings, and a form of it
 * safe to print (credentials removed).
 *
 * @module
 */

/** Connection settings of the queue's Redis. */
export interface RedisSettings {
  /** Host name or address. */
  host: string;
  /** TCP port. @default {6379} */
  port: number;
  /** Database number. @default {0} */
  db: number;
  /** ACL user name, when the URL has one. */
  username?: string;
  /** Password, when the URL has one. */
  password?: string;
  /** Whether to use TLS (`rediss://`). */
  tls: boolean;
  /** The URL without credentials, for messages. */
  display: string;
}

/** The Redis a worker or coordinator uses when `REDIS_URL` is not set. */
export const DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";

/**
 * Parses a Redis URL.
 *
 * @param url `redis://[user[:pass]@]host[:port][/db]` or `rediss://…`
 * @returns the connection settings
 * @throws {SyntaxError} when the URL is not a redis:// or rediss:// URL with a valid port and db
 * @example Usage
 * ```ts
 * import { parseRedisUrl } from "@chronos-deno/chronos-deno/distributed";
 * import assert from "node:assert/strict";
 * const s = parseRedisUrl("redis://:s3cret@127.0.0.1:6380/2");
 * assert.equal(s.port, 6380);
 * assert.equal(s.db, 2);
 * assert.equal(s.password, "s3cret");
 * assert.equal(s.display, "redis://127.0.0.1:6380/2");
 * ```
 */
export function parseRedisUrl(url: string): RedisSettings {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new SyntaxError(
      `Cannot parse the Redis URL "${shown(url)}": write it as redis://host:port[/db]`,
    );
  }
  if (u.protocol !== "redis:" && u.protocol !== "rediss:") {
    throw new SyntaxError(
      `Cannot use the Redis URL "${shown(url)}": its scheme must be redis:// or rediss://`,
    );
  }
  const port = u.port === "" ? 6379 : Number(u.port);
  const dbText = u.pathname.replace(/^\//, "");
  const db = dbText === "" ? 0 : Number(dbText);
  if (!Number.isInteger(db) || db < 0) {
    throw new SyntaxError(
      `Cannot use the Redis URL "${shown(url)}": the database must be a number`,
    );
  }
  const host = u.hostname.replace(/^\[(.*)\]$/, "$1");
  const settings: RedisSettings = {
    host,
    port,
    db,
    tls: u.protocol === "rediss:",
    display: `${u.protocol}//${u.host}${db ? `/${db}` : ""}`,
  };
  if (u.username) settings.username = decodeURIComponent(u.username);
  if (u.password) settings.password = decodeURIComponent(u.password);
  return settings;
}

/** The URL with any `user:pass@` part removed and cut to 200 characters. */
function shown(url: string): string {
  const cut = url.replace(/\/\/[^/@]*@/, "//");
  return cut.length > 200 ? `${cut.slice(0, 200)}… (${cut.length} characters)` : cut;
}
