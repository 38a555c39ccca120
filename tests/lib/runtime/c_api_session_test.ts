// Tests of ONNX Runtime's C API through FFI (lib/runtime/ort_c_api.ts, c_api_session.ts):
// what only this way of running ORT does: outputs written in place with no copy back, memory
// V8 may move (small typed arrays), shared memory, ORT-allocated outputs of every dtype,
// profiling. The behaviours both bindings share are in session_test.ts, run on each.
import { GraphBuilder } from "../../../lib/onnx/builder.ts";
import { add, cast, greater, matMul, mul, reshape } from "../../../lib/onnx/ops/mod.ts";
import { serializeModel } from "../../../lib/onnx/serialize.ts";
import { CApiUnavailableError, loadCApi } from "../../../lib/runtime/ort_c_api.ts";
import { openCApiSession } from "../../../lib/runtime/c_api_session.ts";
import { createSession, describeOrtBuild } from "../../../lib/runtime/session.ts";
import {
  assert,
  assertEquals,
  assertMatch,
  assertRejects,
  assertThrows,
} from "../../_helpers/assert.ts";
import { UnreadableOutputError } from "../../../lib/runtime/feed_check.ts";
import { OrtRunError } from "../../../lib/errors.ts";

/** y = x·w + 1 (w = [[1, 0], [0, 1], [1, 1]]), pos = x > 0, idx = n·2, r = reshape(x, n). */
function model(): Uint8Array {
  const b = new GraphBuilder("c");
  const x = b.input("x", "float32", ["batch", 3]);
  const n = b.input("n", "int64", [2]);
  const w = b.initializer("w", new Float32Array([1, 0, 0, 1, 1, 1]), [3, 2]);
  b.output(add(b, matMul(b, x, w), 1), "y");
  b.output(greater(b, x, 0), "pos");
  b.output(mul(b, n, b.constant(new BigInt64Array([2n]), [1], "int64")), "idx");
  b.output(cast(b, reshape(b, x, n), { to: "float64" }), "r");
  return serializeModel(b.build());
}

Deno.test("C API: the session says it runs through the C API of the installed ORT", async () => {
  const s = await createSession(model(), { executionProvider: "cpu", zeroCopy: true });
  try {
    const { version } = await describeOrtBuild();
    assertMatch(s.providerReason, new RegExp(`ONNX Runtime ${version} through its C API`));
    assertEquals(s.inputNames, ["x", "n"]);
    assertEquals(s.outputNames, ["y", "pos", "idx", "r"]);
  } finally {
    await s.release();
  }
});

Deno.test("C API: outputs ORT allocates come back with their dtype, dims and values", async () => {
  const s = await createSession(model(), { executionProvider: "cpu", zeroCopy: true });
  try {
    const out = await s.run({
      x: { dtype: "float32", dims: [2, 3], data: new Float32Array([1, -2, 3, 0, 0.5, -1]) },
      n: { dtype: "int64", dims: [2], data: new BigInt64Array([3n, 2n]) },
    });
    // by hand: rows [1+3, -2+3] + 1 and [0-1, 0.5-1] + 1
    assertEquals(out.y, { dtype: "float32", dims: [2, 2], data: new Float32Array([5, 2, 0, 0.5]) });
    assertEquals(out.pos, {
      dtype: "bool",
      dims: [2, 3],
      data: new Uint8Array([1, 0, 1, 0, 1, 0]),
    });
    assertEquals(out.idx, { dtype: "int64", dims: [2], data: new BigInt64Array([6n, 4n]) });
    assertEquals(out.r, {
      dtype: "float64",
      dims: [3, 2],
      data: new Float64Array([1, -2, 3, 0, 0.5, -1]),
    });
  } finally {
    await s.release();
  }
});

Deno.test("C API: an output with no tensor type here is an UnreadableOutputError, not an ORT failure", async () => {
  // (onnxruntime-node refuses such a model at load: "Unsupported data type: 16")
  const b = new GraphBuilder("bf16");
  b.output(cast(b, b.input("x", "float32", [2]), { to: "bfloat16" }), "y");
  const s = await createSession(serializeModel(b.build()), {
    executionProvider: "cpu",
    zeroCopy: true,
  });
  try {
    await assertRejects(
      () => s.run({ x: { dtype: "float32", dims: [2], data: new Float32Array([1, 2]) } }),
      (e: unknown) => {
        assert(e instanceof UnreadableOutputError && !(e instanceof OrtRunError));
        assertEquals(e.message, 'Cannot read output "y": its ONNX type 16 is not supported');
        return true;
      },
    );
  } finally {
    await s.release();
  }
});

Deno.test("C API: small arrays V8 keeps in its heap stay valid across collections and runs", async () => {
  const s = await createSession(model(), { executionProvider: "cpu", zeroCopy: true });
  try {
    for (let i = 0; i < 200; i++) {
      // fresh 12- and 16-byte arrays each time (inside V8's heap until their buffer is asked for)
      const x = new Float32Array([i, 0, 1]);
      const y = new Float32Array(4);
      const junk = Array.from({ length: 2000 }, (_, k) => ({ k, a: new Float32Array(4) }));
      const out = await s.run({
        x: { dtype: "float32", dims: [1, 3], data: x },
        n: { dtype: "int64", dims: [2], data: new BigInt64Array([1n, 3n]) },
      }, { outputs: { y: { dtype: "float32", dims: [1, 2], data: y.subarray(1, 3) } } });
      assert(junk.length === 2000);
      // x·w + 1 = [i + 1, 0 + 1] + 1
      assertEquals([...y], [0, i + 2, 2, 0], `run ${i}`);
      assert(out.y!.data.buffer === y.buffer);
    }
  } finally {
    await s.release();
  }
});

Deno.test("C API: feeds and outputs may live in shared memory (the threaded optimizer's)", async () => {
  const s = await createSession(model(), { executionProvider: "cpu", zeroCopy: true });
  try {
    const mem = new Float32Array(new SharedArrayBuffer(64));
    mem.set([2, 2, 2], 1);
    await s.run({
      x: { dtype: "float32", dims: [1, 3], data: mem.subarray(1, 4) },
      n: { dtype: "int64", dims: [2], data: new BigInt64Array([3n, 1n]) },
    }, { outputs: { y: { dtype: "float32", dims: [1, 2], data: mem.subarray(8, 10) } } });
    assertEquals([...mem.subarray(8, 10)], [2 + 2 + 1, 2 + 2 + 1]);
  } finally {
    await s.release();
  }
});

Deno.test("C API: profiling writes ORT's trace with one event per node run", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const s = await createSession(model(), {
      executionProvider: "cpu",
      zeroCopy: true,
      profileFilePrefix: `${dir}/p`,
    });
    await s.run({
      x: { dtype: "float32", dims: [1, 3], data: new Float32Array(3) },
      n: { dtype: "int64", dims: [2], data: new BigInt64Array([3n, 1n]) },
    });
    s.endProfiling();
    await s.release();
    const files = [...Deno.readDirSync(dir)].map((e) => e.name);
    assertEquals(files.length, 1);
    const events = JSON.parse(await Deno.readTextFile(`${dir}/${files[0]}`)) as {
      cat: string;
      args?: { op_name?: string };
    }[];
    const ops = new Set(events.filter((e) => e.cat === "Node").map((e) => e.args?.op_name));
    assert(ops.has("Greater") && ops.has("Reshape"), [...ops].join(", "));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test({
  name: "C API: without the ffi permission it is unavailable and says why",
  permissions: { read: true, env: true, ffi: false },
  fn() {
    const api = loadCApi();
    assert(api instanceof CApiUnavailableError);
    assertMatch(api.message, /no ffi permission/);
  },
});

Deno.test("C API: session configuration entries reach ORT (an ORT-format load of ONNX bytes fails)", () => {
  const api = loadCApi();
  if (api instanceof Error) throw api;
  const base = {
    intraOpThreads: 1,
    graphOptimization: "all",
    enableMemPattern: true,
    enableCpuMemArena: true,
    executionMode: "sequential",
  } as const;
  openCApiSession(api, model(), { ...base, configEntries: { "session.force_spinning_stop": "1" } })
    .release();
  // the entry is read only when it is in the right slot of ORT's function table
  assertThrows(
    () =>
      openCApiSession(api, model(), {
        ...base,
        configEntries: { "session.load_model_format": "ORT" },
      }),
    Error,
    "ORT model",
  );
});
