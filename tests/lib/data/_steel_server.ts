/**
 * Test fixtures for the download path: archives built from the real (or
 * generated) steel CSV, served on 127.0.0.1 by a test-local HTTP server.
 *
 * @module
 */

import {
  type DownloadSteelOptions,
  sha256Hex,
  STEEL_FILE_NAME,
} from "../../../lib/datasets/steel_download.ts";
import { generateSteelCsv, steelCsvPath } from "../../_helpers/steel.ts";
import { buildZip } from "./_zip_writer.ts";

/** The test fixtures: the real (or generated) CSV and archives built from it. */
/** The CSV, the expectations that fit it, and archives built from it. */
export interface Fixtures {
  /** The CSV bytes. */
  csv: Uint8Array;
  /** Download options that fit the CSV (empty for the real file: the defaults are checked). */
  expect: DownloadSteelOptions;
  /** A good archive. */
  good: Uint8Array;
  /** The good archive with bytes flipped inside the deflate stream. */
  corrupt: Uint8Array;
  /** An archive of the CSV with one value changed. */
  wrongSha: Uint8Array;
  /** An archive of a one-day file in a subfolder. */
  fewRows: Uint8Array;
  /** An archive without a CSV. */
  noCsv: Uint8Array;
  /** An archive of a CSV with another header. */
  wrongHeader: Uint8Array;
  /** Whether the CSV is the real UCI file. */
  real: boolean;
}

/** Builds the fixtures. */
export async function fixtures(): Promise<Fixtures> {
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

/** The fixtures, built once per test file. */
export const F: Fixtures = await fixtures();

/** Serves the fixtures on 127.0.0.1 (port 0) for the duration of `fn`. */
export async function withServer(fn: (base: string) => Promise<void>): Promise<void> {
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
export async function withTruncatingServer(
  fn: (url: string) => Promise<void>,
): Promise<void> {
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
