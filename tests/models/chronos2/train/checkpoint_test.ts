import { assertEquals, assertRejects } from "../../../_helpers/assert.ts";
import {
  CHECKPOINT_FORMAT,
  loadCheckpoint,
  saveCheckpoint,
  saveFinetunedModel,
  type TrainerState,
} from "../../../../models/chronos2/train/checkpoint.ts";
import { loadChronos2Config } from "../../../../models/chronos2/config.ts";
import { readSafetensors } from "../../../../models/chronos2/weights.ts";
import { TINY_DIR } from "../_loss_case.ts";
import { ModelFormatError } from "../../../../lib/errors.ts";

function state(): TrainerState {
  return {
    format: CHECKPOINT_FORMAT,
    step: 7,
    seed: 42,
    fingerprint: { mode: "lora", learningRate: 1e-5, covariates: "none" },
    bestValLoss: 1.25,
    bestStep: 5,
    history: [{ step: 1, loss: 2, learningRate: 1e-5, gradNorm: NaN }, { step: 5, valLoss: 1.25 }],
    params: [{ name: "a", shape: [2, 3] }, { name: "b", shape: [4] }],
  };
}

Deno.test("saveCheckpoint() and loadCheckpoint() round-trip every part bit for bit", async () => {
  const dir = await Deno.makeTempDir();
  const a = Float32Array.from({ length: 6 }, (_, i) => Math.fround(i / 3));
  const b = new Float32Array([1e-30, -2, 3.5, Math.fround(Math.PI)]);
  const m = Float32Array.from({ length: 10 }, (_, i) => i * 0.1);
  const v = Float32Array.from({ length: 10 }, (_, i) => i * 1e-9);
  await saveCheckpoint(`${dir}/ck`, {
    state: state(),
    params: new Map([["a", { shape: [2, 3], data: a }], ["b", { shape: [4], data: b }]]),
    expAvg: m,
    expAvgSq: v,
    best: new Map([["a", { shape: [2, 3], data: a }], ["b", { shape: [4], data: b }]]),
  });
  const ck = await loadCheckpoint(`${dir}/ck`);
  assertEquals(ck.state.step, 7);
  assertEquals(ck.state.fingerprint, state().fingerprint);
  // NaN fields are dropped from the curve (JSON has no NaN)
  assertEquals(ck.state.history, [{ step: 1, loss: 2, learningRate: 1e-5 }, {
    step: 5,
    valLoss: 1.25,
  }]);
  assertEquals([...ck.params.get("a")!.data], [...a]);
  assertEquals([...ck.params.get("b")!.data], [...b]);
  assertEquals([...ck.expAvg], [...m]);
  assertEquals([...ck.expAvgSq], [...v]);
  assertEquals([...ck.best!.get("b")!.data], [...b]);
  // overwriting an existing checkpoint works and leaves no temporary folder behind
  await saveCheckpoint(`${dir}/ck`, {
    state: { ...state(), step: 8, bestStep: null, bestValLoss: null },
    params: ck.params,
    expAvg: m,
    expAvgSq: v,
  });
  assertEquals((await loadCheckpoint(`${dir}/ck`)).state.step, 8);
  assertEquals([...Deno.readDirSync(dir)].map((e) => e.name), ["ck"]);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("loadCheckpoint() rejects missing folders, other formats and inconsistent tensors", async () => {
  const dir = await Deno.makeTempDir();
  await assertRejects(loadCheckpoint(`${dir}/none`), ModelFormatError);
  await Deno.mkdir(`${dir}/bad`);
  await Deno.writeTextFile(`${dir}/bad/trainer_state.json`, JSON.stringify({ format: "other" }));
  await assertRejects(loadCheckpoint(`${dir}/bad`), ModelFormatError);
  await saveCheckpoint(`${dir}/ok`, {
    state: { ...state(), bestStep: null },
    params: new Map([["a", { shape: [2, 3], data: new Float32Array(6) }], ["b", {
      shape: [4],
      data: new Float32Array(4),
    }]]),
    expAvg: new Float32Array(10),
    expAvgSq: new Float32Array(10),
  });
  const s = JSON.parse(await Deno.readTextFile(`${dir}/ok/trainer_state.json`));
  s.params[1].shape = [5];
  await Deno.writeTextFile(`${dir}/ok/trainer_state.json`, JSON.stringify(s));
  await assertRejects(loadCheckpoint(`${dir}/ok`), ModelFormatError);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("saveFinetunedModel() raises context length and output patches, keeps the time scale and names", async () => {
  const dir = await Deno.makeTempDir();
  const cfg = await loadChronos2Config(new URL("config.json", TINY_DIR).pathname);
  const w = await readSafetensors(new URL("model.safetensors", TINY_DIR).pathname);
  // tiny config: context 2048, 64 output patches, time scale 8192
  await saveFinetunedModel(`${dir}/m`, cfg, w, {
    contextLength: 4096,
    predictionLength: 16 * 70 - 3,
    exportOnnx: () => new Uint8Array([1, 2, 3]),
  });
  const json = JSON.parse(await Deno.readTextFile(`${dir}/m/config.json`));
  assertEquals(json.chronos_config.context_length, 4096);
  assertEquals(json.chronos_config.max_output_patches, 70);
  assertEquals(json.chronos_config.time_encoding_scale, 8192);
  assertEquals(json.d_model, 32);
  const back = await readSafetensors(`${dir}/m/model.safetensors`);
  assertEquals([...back.keys()].sort(), [...w.keys()].sort());
  assertEquals([...back.get("shared.weight")!.data], [...w.get("shared.weight")!.data]);
  assertEquals([...await Deno.readFile(`${dir}/m/model.onnx`)], [1, 2, 3]);
  // smaller trained sizes never lower the config
  const again = await saveFinetunedModel(`${dir}/n`, cfg, w, {
    contextLength: 512,
    predictionLength: 1,
  });
  assertEquals([again.chronos.contextLength, again.chronos.maxOutputPatches], [2048, 64]);
  await Deno.remove(dir, { recursive: true });
});
