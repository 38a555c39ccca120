import { assert, assertEquals, assertRejects, assertThrows } from "../../_helpers/assert.ts";
import {
  parseSafetensors,
  readSafetensors,
  readSafetensorsIndex,
  serializeSafetensors,
  writeSafetensors,
} from "../../../models/chronos2/weights.ts";
import { expectedWeightShapes, validateWeights } from "../../../models/chronos2/weight_layout.ts";
import { loadChronos2Config } from "../../../models/chronos2/config.ts";
import { ModelFormatError } from "../../../lib/errors.ts";
import { FIXTURE_DIR } from "../../_helpers/fixtures.ts";

function rawFile(header: Record<string, unknown>, data: Uint8Array): Uint8Array {
  const h = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + h.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(h.length), true);
  out.set(h, 8);
  out.set(data, 8 + h.length);
  return out;
}

Deno.test("readSafetensors() matches the fixture manifest checksums", async () => {
  const w = await readSafetensors(`${FIXTURE_DIR}/model.safetensors`);
  const manifest = JSON.parse(await Deno.readTextFile(`${FIXTURE_DIR}/weights_manifest.json`));
  const entries: [string, { shape: number[]; sum: number; sum_sq?: number; sumsq?: number }][] =
    Array.isArray(manifest.tensors)
      ? manifest.tensors.map((t: { name: string }) => [t.name, t])
      : Object.entries(manifest.tensors ?? manifest);
  assert(entries.length > 30);
  for (const [name, t] of entries) {
    const got = w.get(name);
    assert(got, name);
    assertEquals(got.shape, t.shape);
    let s = 0;
    for (const v of got.data) s += v;
    assert(Math.abs(s - t.sum) <= 1e-3 * Math.max(1, Math.abs(t.sum)), `${name}: ${s} vs ${t.sum}`);
  }
});

Deno.test("parseSafetensors() widens F16 and BF16 to float32", () => {
  const data = new Uint8Array(8);
  const dv = new DataView(data.buffer);
  dv.setUint16(0, 0x3c00, true); // f16 1.0
  dv.setUint16(2, 0xc000, true); // f16 -2.0
  dv.setUint16(4, 0x3fc0, true); // bf16 1.5
  dv.setUint16(6, 0x7bff, true); // f16 65504
  const bytes = rawFile({
    a: { dtype: "F16", shape: [2], data_offsets: [0, 4] },
    b: { dtype: "BF16", shape: [1], data_offsets: [4, 6] },
    c: { dtype: "F16", shape: [1], data_offsets: [6, 8] },
  }, data);
  const w = parseSafetensors(bytes);
  assertEquals([...w.get("a")!.data], [1, -2]);
  assertEquals([...w.get("b")!.data], [1.5]);
  assertEquals([...w.get("c")!.data], [65504]);
});

Deno.test("parseSafetensors() turns truncated or corrupt files into ModelFormatError", () => {
  const good = serializeSafetensors({ w: { shape: [2, 2], data: new Float32Array([1, 2, 3, 4]) } });
  assertThrows(() => parseSafetensors(good.subarray(0, 5)), ModelFormatError);
  assertThrows(() => parseSafetensors(good.subarray(0, good.length - 3)), /truncated/);
  const bad = good.slice();
  new DataView(bad.buffer).setBigUint64(0, 1n << 40n, true);
  assertThrows(() => parseSafetensors(bad), ModelFormatError);
  assertThrows(
    () =>
      parseSafetensors(
        rawFile({ a: { dtype: "I8", shape: [1], data_offsets: [0, 1] } }, new Uint8Array(1)),
      ),
    /dtype/,
  );
  assertThrows(
    () =>
      parseSafetensors(
        rawFile({ a: { dtype: "F32", shape: [2], data_offsets: [0, 4] } }, new Uint8Array(4)),
      ),
    /needs 8/,
  );
  assertThrows(() =>
    parseSafetensors(rawFile({
      a: { dtype: "F32", shape: [1], data_offsets: [0, 4] },
      b: { dtype: "F32", shape: [1], data_offsets: [2, 6] },
    }, new Uint8Array(8))), /overlap/);
  const notJson = good.slice();
  notJson[9] = 0x7b;
  notJson[10] = 0x7b;
  assertThrows(() => parseSafetensors(notJson), ModelFormatError);
});

Deno.test("writeSafetensors() round-trips and aligns the header to 8 bytes", async () => {
  const path = await Deno.makeTempFile({ suffix: ".safetensors" });
  const t = { shape: [3], data: new Float32Array([0.1, -2, 3e7]) };
  await writeSafetensors(path, new Map([["x.weight", t]]));
  const bytes = await Deno.readFile(path);
  assertEquals(Number(new DataView(bytes.buffer).getBigUint64(0, true)) % 8, 0);
  assertEquals([...(await readSafetensors(path)).get("x.weight")!.data], [...t.data]);
  await Deno.remove(path);
  await assertRejects(() => readSafetensors("/nonexistent/model.safetensors"), ModelFormatError);
});

Deno.test("validateWeights() lists missing and mis-shaped tensors against the config", async () => {
  const cfg = await loadChronos2Config(`${FIXTURE_DIR}/config.json`);
  const w = await readSafetensors(`${FIXTURE_DIR}/model.safetensors`);
  assertEquals(expectedWeightShapes(cfg).size, 40);
  validateWeights(cfg, w);
  const other = { ...cfg, numLayers: 3 };
  assertThrows(
    () => validateWeights(other, w),
    /the config has 3 encoder layers \("num_layers"\), the weights hold 2/,
  );
  const wide = { ...cfg, dFf: 128 };
  assertThrows(() => validateWeights(wide, w), ModelFormatError);
  const warnings: string[] = [];
  const extra = new Map(w);
  extra.set("extra.bias", { dtype: "F32", shape: [1], data: new Float32Array(1) });
  validateWeights(cfg, extra, { onWarning: (m) => warnings.push(m) });
  assertEquals(warnings.length, 1);
});

Deno.test("readSafetensorsIndex() locates every tensor from the header alone", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const a = new Float32Array([1, 2, 3]);
    const b = new Float32Array([4, 5]);
    const path = `${dir}/w.safetensors`;
    await writeSafetensors(path, { a: { shape: [3], data: a }, b: { shape: [1, 2], data: b } });
    const bytes = await Deno.readFile(path);
    const index = await readSafetensorsIndex(path);
    assertEquals(index.map((e) => [e.name, e.dtype, e.shape, e.length]), [
      ["a", "F32", [3], 12],
      ["b", "F32", [1, 2], 8],
    ]);
    // each offset points at the tensor's own bytes in the file
    const at = (i: number) =>
      Array.from(
        new Float32Array(bytes.slice(index[i]!.offset, index[i]!.offset + index[i]!.length).buffer),
      );
    assertEquals(at(0), [1, 2, 3]);
    assertEquals(at(1), [4, 5]);
    // the same checks as the full reader: a truncated file fails, and so does a missing one
    await Deno.writeFile(path, bytes.subarray(0, bytes.length - 4));
    await assertRejects(() => readSafetensorsIndex(path), /truncated/);
    await Deno.writeFile(path, bytes.subarray(0, 5));
    await assertRejects(() => readSafetensorsIndex(path), /fewer than the 8-byte/);
    await assertRejects(() => readSafetensorsIndex(`${dir}/none.safetensors`), ModelFormatError);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
