/**
 * Misbehaving HTTP servers on 127.0.0.1 for fault tests: one that accepts and
 * never answers, one that drips a byte at a time, one that resets mid-body,
 * one that answers a scripted list of statuses, one that echoes the request's
 * headers (secrets included) in its error body. Raw TCP, so the faults are
 * real socket behaviour; every server stops with `close()` and never talks to
 * anything but loopback.
 *
 * @module
 */

/** A fault to play on each connection. */
export type Fault =
  | { kind: "hang" }
  | { kind: "drip"; everyMs: number; bytes: number }
  | { kind: "reset"; after: number; length: number }
  | { kind: "status"; codes: number[]; body?: string; headers?: Record<string, string> }
  | { kind: "echo"; status: number };

/** A running fault server. */
export interface FaultServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Requests seen (first line and headers). */
  requests: string[];
  /** Stops the server and drops every connection. */
  close(): Promise<void>;
}

const enc = new TextEncoder();

/**
 * Starts a fault server on a free loopback port.
 *
 * @param fault what every connection gets
 * @returns the server
 */
export function startFaultServer(fault: Fault): FaultServer {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const conns = new Set<Deno.Conn>();
  const timers = new Map<ReturnType<typeof setTimeout>, () => void>();
  const requests: string[] = [];
  const tasks: Promise<void>[] = [];
  let closed = false;
  let served = 0;
  const wait = (ms: number) =>
    new Promise<void>((r) => {
      const t = setTimeout(() => {
        timers.delete(t);
        r();
      }, ms);
      timers.set(t, r);
    });
  const write = async (conn: Deno.Conn, text: string | Uint8Array) => {
    const bytes = typeof text === "string" ? enc.encode(text) : text;
    let off = 0;
    while (off < bytes.length) off += await conn.write(bytes.subarray(off));
  };
  async function readHead(conn: Deno.Conn): Promise<string> {
    const buf = new Uint8Array(65536);
    let text = "";
    while (!text.includes("\r\n\r\n")) {
      const n = await conn.read(buf);
      if (n === null) break;
      text += new TextDecoder().decode(buf.subarray(0, n));
    }
    const head = text.split("\r\n\r\n")[0] ?? "";
    const length = Number(/content-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
    let body = text.length - head.length - 4;
    while (body < length) {
      const n = await conn.read(buf);
      if (n === null) break;
      body += n;
    }
    return head;
  }
  async function serve(conn: Deno.Conn): Promise<void> {
    const head = await readHead(conn);
    requests.push(head);
    const index = served++;
    switch (fault.kind) {
      case "hang":
        await new Promise<void>((r) => {
          const t = setInterval(() => {
            if (closed) {
              clearInterval(t);
              r();
            }
          }, 20);
        });
        return;
      case "drip":
        await write(conn, `HTTP/1.1 200 OK\r\ncontent-length: ${fault.bytes}\r\n\r\n`);
        for (let i = 0; i < fault.bytes && !closed; i++) {
          await write(conn, "x");
          await wait(fault.everyMs);
        }
        return;
      case "reset":
        await write(conn, `HTTP/1.1 200 OK\r\ncontent-length: ${fault.length}\r\n\r\n`);
        await write(conn, "y".repeat(fault.after));
        return;
      case "status": {
        const code = fault.codes[Math.min(index, fault.codes.length - 1)]!;
        const body = fault.body ?? `status ${code}`;
        const extra = Object.entries(fault.headers ?? {}).map(([k, v]) => `${k}: ${v}\r\n`)
          .join("");
        await write(
          conn,
          `HTTP/1.1 ${code} X\r\ncontent-length: ${enc.encode(body).length}\r\n` +
            `connection: close\r\n${extra}\r\n${body}`,
        );
        return;
      }
      case "echo": {
        const body = `{"error_code": "BAD_REQUEST", "message": "you sent ${
          head.replaceAll("\r\n", " | ").replaceAll('"', "'")
        }"}`;
        await write(
          conn,
          `HTTP/1.1 ${fault.status} X\r\ncontent-type: application/json\r\n` +
            `content-length: ${enc.encode(body).length}\r\nconnection: close\r\n\r\n${body}`,
        );
        return;
      }
    }
  }
  const accept = (async () => {
    for await (const conn of listener) {
      conns.add(conn);
      tasks.push(
        serve(conn).catch(() => {}).finally(() => {
          conns.delete(conn);
          try {
            conn.close();
          } catch { /* already closed */ }
        }),
      );
    }
  })().catch(() => {});
  return {
    url: `http://127.0.0.1:${(listener.addr as Deno.NetAddr).port}`,
    requests,
    async close() {
      closed = true;
      listener.close();
      for (const [t, r] of timers) {
        clearTimeout(t);
        r();
      }
      timers.clear();
      for (const c of conns) {
        try {
          c.close();
        } catch { /* already closed */ }
      }
      await accept;
      await Promise.all(tasks);
    },
  };
}
