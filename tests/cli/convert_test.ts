import { assert, assertEquals, assertMatch } from "../_helpers/assert.ts";
import { assertClose } from "../_helpers/assert_close.ts";
import { captureIo } from "../../lib/cli/io.ts";
import { main } from "../../cli/convert.ts";
import { loadChronos2 } from "../../models/chronos2/load.ts";
import { fromBinary } from "@bufbuild/protobuf";
import { ModelProtoSchema } from "onnx-buf";

const FIXTURE = new URL("../fixtures/chronos2-tiny", import.meta.url).pathname;

Deno.test("convert writes model.onnx beside the weights, skips when up to date, redoes after a change", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.copyFile(`${FIXTURE}/config.json`, `${dir}/config.json`);
    await Deno.copyFile(`${FIXTURE}/model.safetensors`, `${dir}/model.safetensors`);
    const io = captureIo();
    assertEquals(await main(["--model", dir], io), 0);
    assertMatch(io.out.join(""), /^converted:/);
    // the graphs reference the weights instead of copying them (271 kB of weights)
    for (const f of ["model.onnx", "model.singleton.onnx"]) {
      const onnx = await Deno.stat(`${dir}/${f}`);
      assert(onnx.size < 100_000, `${f} has ${onnx.size} bytes`);
    }
    const io2 = captureIo();
    assertEquals(await main(["--model", dir], io2), 0);
    assertMatch(io2.out.join(""), /^up to date:/);
    // the converted files are used and give the same forecasts as a fresh build
    const fromFiles = await loadChronos2(dir, { intraOpThreads: 1 });
    const fresh = await loadChronos2(dir, { intraOpThreads: 1, useConvertedFiles: false });
    const s = [Array.from({ length: 50 }, (_, i) => Math.sin(i / 3))];
    const a = await fromFiles.predict(s, { predictionLength: 16 });
    const b = await fresh.predict(s, { predictionLength: 16 });
    assertEquals(a[0]!.data, b[0]!.data);
    await fromFiles.release();
    await fresh.release();
    const cfg = JSON.parse(await Deno.readTextFile(`${dir}/config.json`));
    cfg.chronos_config.max_output_patches = 8;
    await Deno.writeTextFile(`${dir}/config.json`, JSON.stringify(cfg));
    const io3 = captureIo();
    assertEquals(await main(["--model", dir], io3), 0);
    assertMatch(io3.out.join(""), /^converted:/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("convert reports a folder without weights as one clear line", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.copyFile(`${FIXTURE}/config.json`, `${dir}/config.json`);
    const io = captureIo();
    assertEquals(await main(["--model", dir], io), 1);
    assertMatch(io.err.join(""), /model\.safetensors/);
    assertEquals(io.err.join("").trim().split("\n").length, 1);
    assertEquals(await main([], captureIo()), 2);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("convert reports a model.onnx it cannot write as one clear line", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.copyFile(`${FIXTURE}/config.json`, `${dir}/config.json`);
    await Deno.copyFile(`${FIXTURE}/model.safetensors`, `${dir}/model.safetensors`);
    await Deno.mkdir(`${dir}/model.onnx`);
    const io = captureIo();
    assertEquals(await main(["--model", dir], io), 1);
    const err = io.err.join("");
    assertMatch(err.trim().split("\n").at(-1)!, /Is a directory/);
    assert(!err.includes("    at "), "no stack trace");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("convert points each weight of model.onnx at its bytes in model.safetensors", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.copyFile(`${FIXTURE}/config.json`, `${dir}/config.json`);
    await Deno.copyFile(`${FIXTURE}/model.safetensors`, `${dir}/model.safetensors`);
    assertEquals(await main(["--model", dir], captureIo()), 0);
    // Independent reading of the safetensors header (not the project's reader).
    const file = await Deno.readFile(`${dir}/model.safetensors`);
    const hl = Number(new DataView(file.buffer).getBigUint64(0, true));
    const header = JSON.parse(new TextDecoder().decode(file.subarray(8, 8 + hl)));
    const model = fromBinary(ModelProtoSchema, await Deno.readFile(`${dir}/model.onnx`));
    let external = 0;
    for (const t of model.graph!.initializer) {
      const entry = header[t.name] as { data_offsets: [number, number] } | undefined;
      if (!entry) {
        assert(t.rawData.length <= 4096, `${t.name} is a large embedded tensor`);
        continue;
      }
      const [begin, end] = entry.data_offsets;
      assertEquals(t.dataLocation, 1, t.name);
      assertEquals(
        Object.fromEntries(t.externalData.map((e) => [e.key, e.value])),
        {
          location: "model.safetensors",
          offset: String(8 + hl + begin),
          length: String(end - begin),
        },
      );
      external++;
    }
    assertEquals(external, 40);

    // ONNX Runtime reads the weights from model.safetensors: change one in place (keeping the
    // file's size and time, so the conversion still counts as up to date) and the forecast follows.
    const s = [Array.from({ length: 50 }, (_, i) => Math.sin(i / 3))];
    const before = await loadChronos2(dir, { intraOpThreads: 1 });
    const a = await before.predict(s, { predictionLength: 16 });
    await before.release();
    const st = await Deno.stat(`${dir}/model.safetensors`);
    const [begin, end] = header["output_patch_embedding.output_layer.bias"].data_offsets;
    file.fill(0, 8 + hl + begin, 8 + hl + end);
    await Deno.writeFile(`${dir}/model.safetensors`, file);
    await Deno.utime(`${dir}/model.safetensors`, st.atime!, st.mtime!);
    const after = await loadChronos2(dir, { intraOpThreads: 1 });
    const b = await after.predict(s, { predictionLength: 16 });
    await after.release();
    assert(a[0]!.data.some((v, i) => v !== b[0]!.data[i]), "the edited bias changed nothing");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a converted folder still builds the debug graph, reading the weights only then", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.copyFile(`${FIXTURE}/config.json`, `${dir}/config.json`);
    await Deno.copyFile(`${FIXTURE}/model.safetensors`, `${dir}/model.safetensors`);
    assertEquals(await main(["--model", dir], captureIo()), 0);
    const p = await loadChronos2(dir, { intraOpThreads: 1 });
    const input = {
      context: Float32Array.from({ length: 32 }, (_, i) => Math.sin(i / 3)),
      rows: 1,
      length: 32,
      groupIds: new Int32Array(1),
      futureCovariates: new Float32Array(16).fill(NaN),
      numOutputPatches: 1,
    };
    const plain = await p.runner.forward(input);
    const debug = await p.runner.forwardWithInternals!(input);
    await p.release();
    // the stage outputs exist, and the quantiles agree with the graph read from model.onnx
    assert("loc" in debug.internals && "block0_out" in debug.internals);
    assertClose(Array.from(debug.quantiles), Array.from(plain), { rtol: 1e-5, atol: 1e-6 });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
