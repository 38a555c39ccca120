import { assertEquals } from "../../_helpers/assert.ts";
import { crc32 } from "../../../lib/data/crc32.ts";
import { bitwiseCrc32 } from "./_zip_writer.ts";

Deno.test("crc32() matches the standard check value and a bitwise reference", () => {
  const enc = new TextEncoder();
  assertEquals(crc32(enc.encode("123456789")), 0xcbf43926); // the CRC-32/ISO-HDLC check value
  assertEquals(crc32(new Uint8Array(0)), 0);
  const data = new Uint8Array(1000).map((_, i) => (i * 131 + 7) & 0xff);
  assertEquals(crc32(data), bitwiseCrc32(data));
  // Continuing from a previous value equals one pass over the concatenation.
  assertEquals(crc32(data.subarray(400), crc32(data.subarray(0, 400))), crc32(data));
});
