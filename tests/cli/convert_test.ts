import { assert, assertEquals, assertMatch } from "../_helpers/assert.ts";
import { captureIo } from "../../lib/cli/io.ts";
import { main } from "../../cli/convert.ts";
import { loadChronos2 } from "../../models/chronos2/load.ts";

const FIXTURE = new URL("../fixtures/chronos2-tiny", import.meta.url).pathname;

Deno.test("convert writes model.onnx beside the weights, skips when up to date, redoes after a change", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.copyFile(`${FIXTURE}/config.json`, `${dir}/config.json`);
    await Deno.copyFile(`${FIXTURE}/model.safetensors`, `${dir}/model.safetensors`);
    const io = captureIo();
    assertEquals(await main(["--model", dir], io), 0);
    assertMatch(io.out.join(""), /^converted:/);
    const onnx = await Deno.stat(`${dir}/model.onnx`);
    assert(onnx.size > 200_000);
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
