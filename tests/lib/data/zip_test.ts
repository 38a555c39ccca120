import { assert, assertEquals, assertRejects, assertThrows } from "../../_helpers/assert.ts";
import { extractZipEntry, listZipEntries } from "../../../lib/data/zip.ts";
import { buildZip } from "./_zip_writer.ts";

// Made by Info-ZIP: `zip -0 -X ref.zip store.txt && zip -9 -X ref.zip hello.txt`
// (store.txt = "stored as is\n" stored, hello.txt = "hello hello hello hello hello\n" deflated).
const REF = Uint8Array.from(
  atob(
    "UEsDBAoAAAAAAJwpfF10UlftDQAAAA0AAAAJAAAAc3RvcmUudHh0c3RvcmVkIGFzIGlzClBLAwQUAAIACACcKXxdaAIxZgwAAAAeAAAACQAAAGhlbGxvLnR4dMtIzcnJV8jATnIBAFBLAQIeAwoAAAAAAJwpfF10UlftDQAAAA0AAAAJAAAAAAAAAAAAAACkgQAAAABzdG9yZS50eHRQSwECHgMUAAIACACcKXxdaAIxZgwAAAAeAAAACQAAAAAAAAABAAAApIE0AAAAaGVsbG8udHh0UEsFBgAAAAACAAIAbgAAAGcAAAAAAA==",
  ),
  (c) => c.charCodeAt(0),
);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

Deno.test("listZipEntries() and extractZipEntry() read an Info-ZIP archive", async () => {
  const entries = listZipEntries(REF);
  assertEquals(entries.map((e) => [e.name, e.method, e.size, e.crc32]), [
    ["store.txt", 0, 13, 0xed575274],
    ["hello.txt", 8, 30, 0x66310268],
  ]);
  assertEquals(text(await extractZipEntry(REF, entries[0]!)), "stored as is\n");
  assertEquals(text(await extractZipEntry(REF, entries[1]!)), "hello hello hello hello hello\n");
});

Deno.test("extractZipEntry() round-trips stored and deflated entries of a larger file", async () => {
  const data = new TextEncoder().encode("date,value\r\n".repeat(5000));
  const zip = await buildZip([
    { name: "a.csv", data, method: 8 },
    { name: "dir/b.csv", data, method: 0 },
  ]);
  const [a, b] = listZipEntries(zip);
  assert(a!.compressedSize < data.length / 10);
  assertEquals(await extractZipEntry(zip, a!), data);
  assertEquals(await extractZipEntry(zip, b!), data);
  assertEquals(b!.name, "dir/b.csv");
});

Deno.test("listZipEntries() rejects truncated and non-zip input", () => {
  assertThrows(() => listZipEntries(REF.subarray(0, REF.length - 30)), /no end-of-directory/);
  assertThrows(
    () => listZipEntries(new TextEncoder().encode("<html>not found</html>")),
    SyntaxError,
  );
  assertThrows(() => listZipEntries(new Uint8Array(0)), SyntaxError);
  const bad = REF.slice();
  bad[REF.length - 22 + 16] = 0xff; // central directory offset past the end
  assertThrows(() => listZipEntries(bad), /outside the file/);
});

Deno.test("extractZipEntry() rejects corrupt data and CRC mismatches", async () => {
  const data = new TextEncoder().encode("x,y\r\n1,2\r\n".repeat(200));
  const zip = await buildZip([{ name: "a.csv", data }]);
  const [entry] = listZipEntries(zip);
  // Flip bytes inside the deflate stream.
  const broken = zip.slice();
  for (let i = 40; i < 50; i++) broken[i] = broken[i]! ^ 0x5a;
  await assertRejects(() => extractZipEntry(broken, entry!), SyntaxError);
  // A wrong CRC in the directory.
  await assertRejects(
    () => extractZipEntry(zip, { ...entry!, crc32: (entry!.crc32 ^ 1) >>> 0 }),
    /CRC-32 of "a.csv"/,
  );
  // A wrong declared size.
  await assertRejects(
    () => extractZipEntry(zip, { ...entry!, size: entry!.size - 1 }),
    SyntaxError,
  );
  // An unsupported method and a bad local header.
  await assertRejects(() => extractZipEntry(zip, { ...entry!, method: 12 }), /method 12/);
  await assertRejects(
    () => extractZipEntry(zip, { ...entry!, localHeaderOffset: 3 }),
    /local header/,
  );
});
