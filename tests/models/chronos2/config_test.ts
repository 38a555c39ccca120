import { assert, assertEquals, assertRejects, assertThrows } from "../../_helpers/assert.ts";
import {
  configToJson,
  loadChronos2Config,
  parseChronos2Config,
} from "../../../models/chronos2/config.ts";
import { ModelFormatError } from "../../../lib/errors.ts";
import { FIXTURE_DIR } from "../../_helpers/fixtures.ts";

// deno-lint-ignore no-explicit-any
type Cfg = any;
const base = (): Cfg => JSON.parse(Deno.readTextFileSync(`${FIXTURE_DIR}/config.json`));

Deno.test("loadChronos2Config() reads every dimension from the file", async () => {
  const c = await loadChronos2Config(`${FIXTURE_DIR}/config.json`);
  assertEquals([c.dModel, c.dKv, c.dFf, c.numLayers, c.numHeads], [32, 8, 64, 2, 4]);
  assertEquals(c.chronos.contextLength, 2048);
  assertEquals(c.chronos.timeEncodingScale, 8192);
  assertEquals(c.chronos.quantiles.length, 21);
  assertEquals(c.chronos.quantiles.indexOf(0.5), 10);
  assertEquals(c.layerNormEpsilon, 1e-6);
  assertEquals(c.regTokenId, 1);
});

Deno.test("parseChronos2Config() falls back to context_length for a missing time_encoding_scale", () => {
  const j = base();
  delete j.chronos_config.time_encoding_scale;
  assertEquals(parseChronos2Config(j).chronos.timeEncodingScale, 2048);
});

Deno.test("parseChronos2Config() names the field at fault and lists every problem", () => {
  const j = base();
  delete j.d_model;
  j.num_heads = 2.5;
  j.chronos_config.quantiles = [0.5, 0.1];
  const err = assertThrows(() => parseChronos2Config(j, "x.json"), ModelFormatError) as unknown;
  void err;
  try {
    parseChronos2Config(j, "x.json");
  } catch (e) {
    assert(e instanceof ModelFormatError);
    assertEquals(e.field, "d_model");
    assert(e.message.includes('"num_heads"'));
    assert(e.message.includes("chronos_config.quantiles"));
  }
});

Deno.test("parseChronos2Config() rejects unsupported settings", () => {
  for (
    const [mut, field] of [
      [(j: Cfg) => (j.feed_forward_proj = "gated-gelu"), "feed_forward_proj"],
      [
        (j: Cfg) => (j.chronos_config.use_reg_token = false),
        "chronos_config.use_reg_token",
      ],
      [
        (j: Cfg) => (j.chronos_config.input_patch_stride = 8),
        "chronos_config.input_patch_stride",
      ],
      [
        (j: Cfg) => (j.chronos_config.output_patch_size = 8),
        "chronos_config.output_patch_size",
      ],
      [(j: Cfg) => (j.d_kv = 7), "d_kv"],
    ] as const
  ) {
    const j = base();
    mut(j);
    try {
      parseChronos2Config(j);
      throw new Error("no error");
    } catch (e) {
      assert(e instanceof ModelFormatError, String(e));
      assertEquals(e.field, field);
    }
  }
  assertThrows(() => parseChronos2Config([]), ModelFormatError);
});

Deno.test("configToJson() writes the editable fields back and keeps the rest", async () => {
  const c = await loadChronos2Config(`${FIXTURE_DIR}/config.json`);
  const j = configToJson({ ...c, chronos: { ...c.chronos, contextLength: 4096 } });
  assertEquals((j.chronos_config as Record<string, unknown>).context_length, 4096);
  assertEquals(j.d_model, 32);
  assertEquals(j.model_type, "t5");
});

Deno.test("parseChronos2Config() refuses absurd sizes up front with the field and the limit", () => {
  const j = base();
  j.num_layers = 1e9;
  j.d_model = 1e7;
  j.chronos_config.context_length = 2 ** 40;
  assertThrows(
    () => parseChronos2Config(j),
    (e: unknown) => {
      assert(e instanceof ModelFormatError);
      assertEquals(e.field, "d_model");
      assert(e.message.includes('"num_layers" must be at most 256'), e.message);
      assert(e.message.includes('"chronos_config.context_length" must be at most'), e.message);
      return true;
    },
  );
});

Deno.test("parseChronos2Config() quotes a huge bad value cut, with its length", () => {
  const j = base();
  j.feed_forward_proj = "x".repeat(1_000_000);
  j.d_model = "y".repeat(1_000_000);
  assertThrows(
    () => parseChronos2Config(j),
    (e: unknown) => {
      assert(e instanceof Error);
      assert(e.message.length < 1000, `${e.message.length} characters`);
      assert(e.message.includes("(1000002 characters)"), e.message);
      return true;
    },
  );
});

Deno.test("loadChronos2() refuses num_layers 1e9 against the weights before any graph is built", async () => {
  const { loadChronos2 } = await import("../../../models/chronos2/load.ts");
  const dir = await Deno.makeTempDir();
  try {
    for (const [layers, pattern] of [[1e9, /at most 256/], [3, /the weights hold 2/]] as const) {
      const j = base();
      j.num_layers = layers;
      await Deno.writeTextFile(`${dir}/config.json`, JSON.stringify(j));
      await Deno.copyFile(`${FIXTURE_DIR}/model.safetensors`, `${dir}/model.safetensors`);
      await assertRejects(() => loadChronos2(dir), ModelFormatError, undefined);
      await loadChronos2(dir).catch((e) => assert(pattern.test(e.message), e.message));
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
