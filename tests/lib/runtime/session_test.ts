import { GraphBuilder } from "../../../lib/onnx/builder.ts";
import { add, matMul, reshape } from "../../../lib/onnx/ops/mod.ts";
import { serializeModel } from "../../../lib/onnx/serialize.ts";
import { createSession } from "../../../lib/runtime/session.ts";
import { OrtRunError } from "../../../lib/errors.ts";
import { assert, assertEquals, assertMatch, assertRejects } from "../../_helpers/assert.ts";

function model(): Uint8Array {
  const b = new GraphBuilder("s");
  const x = b.input("x", "float32", ["batch", 3]);
  const w = b.initializer("w", new Float32Array([1, 0, 0, 1, 1, 1]), [3, 2]);
  const n = b.input("n", "int64", [2]);
  b.output(add(b, matMul(b, x, w), 1), "y");
  b.output(reshape(b, x, n), "r");
  return serializeModel(b.build());
}

// every behaviour holds for both ways of running ORT: the Node binding and the C API (zeroCopy)
for (const zeroCopy of [false, true]) {
  const label = zeroCopy ? "C API" : "Node binding";

  Deno.test(`${label}: createSession() picks a provider automatically and says why`, async () => {
    const s = await createSession(model(), { intraOpThreads: 1, zeroCopy });
    try {
      assert(["cpu", "cuda", "webgpu"].includes(s.executionProvider));
      assertMatch(s.providerReason, /^auto: /);
      assertEquals(s.inputNames, ["x", "n"]);
      assertEquals(s.outputNames, ["y", "r"]);
    } finally {
      await s.release();
    }
  });

  Deno.test(`${label}: Session.run() returns our Tensor type`, async () => {
    const s = await createSession(model(), {
      zeroCopy,
      executionProvider: "cpu",
      graphOptimization: "basic",
    });
    try {
      const out = await s.run({
        x: { dtype: "float32", dims: [1, 3], data: new Float32Array([1, 2, 3]) },
        n: { dtype: "int64", dims: [2], data: new BigInt64Array([3n, 1n]) },
      });
      assertEquals(out.y, { dtype: "float32", dims: [1, 2], data: new Float32Array([5, 6]) });
      assertEquals(out.r!.dims, [3, 1]);
    } finally {
      await s.release();
    }
  });

  Deno.test(`${label}: a session whose threads stop spinning after a run computes the same`, async () => {
    const s = await createSession(model(), {
      zeroCopy,
      executionProvider: "cpu",
      intraOpThreads: 2,
      stopSpinningAfterRun: true,
    });
    try {
      for (let i = 0; i < 3; i++) {
        const out = await s.run({
          x: { dtype: "float32", dims: [1, 3], data: new Float32Array([1, 2, 3]) },
          n: { dtype: "int64", dims: [2], data: new BigInt64Array([3n, 1n]) },
        });
        assertEquals(out.y, { dtype: "float32", dims: [1, 2], data: new Float32Array([5, 6]) });
      }
    } finally {
      await s.release();
    }
  });

  Deno.test(`${label}: Session.run() lists every feed problem at once`, async () => {
    const s = await createSession(model(), { zeroCopy, executionProvider: "cpu" });
    try {
      await assertRejects(
        () =>
          s.run({
            x: { dtype: "float64", dims: [3], data: new Float64Array(3) },
            extra: { dtype: "bool", dims: [], data: new Uint8Array(1) },
          }),
        (e: unknown) => {
          assert(e instanceof TypeError);
          assertMatch(e.message, /input "x" must be float32, got float64/);
          assertMatch(e.message, /input "x" must have rank 2/);
          assertMatch(e.message, /input "n" is missing/);
          assertMatch(e.message, /"extra" is not an input of the model/);
          return true;
        },
      );
    } finally {
      await s.release();
    }
  });

  Deno.test(`${label}: Session.run() wraps ORT failures in OrtRunError with a feed summary`, async () => {
    const s = await createSession(model(), { zeroCopy, executionProvider: "cpu" });
    try {
      await assertRejects(
        () =>
          s.run({
            x: { dtype: "float32", dims: [1, 3], data: new Float32Array(3) },
            n: { dtype: "int64", dims: [2], data: new BigInt64Array([4n, 4n]) },
          }),
        (e: unknown) => {
          assert(e instanceof OrtRunError);
          assertMatch(e.message, /feeds: x: float32\[1, 3\], n: int64\[2\]/);
          assertEquals(e.feeds.map((f) => f.name), ["x", "n"]);
          assert(e.cause !== undefined);
          return true;
        },
      );
    } finally {
      await s.release();
    }
  });

  Deno.test(`${label}: createSession() rejects bytes that are not a model with OrtRunError`, async () => {
    await assertRejects(
      () => createSession(new Uint8Array([1, 2, 3]), { executionProvider: "cpu", zeroCopy }),
      OrtRunError,
    );
  });

  Deno.test(`${label}: createSession() falls back to the CPU with a warning when a provider cannot start`, async () => {
    const warnings: string[] = [];
    const s = await createSession(model(), {
      zeroCopy,
      executionProvider: "cuda",
      onWarning: (m) => warnings.push(m),
    });
    try {
      if (s.executionProvider === "cpu") {
        assertEquals(warnings.length, 1);
        assertMatch(warnings[0]!, /The cuda execution provider failed to start/);
        assertMatch(s.providerReason, /fell back to the CPU/);
      }
    } finally {
      await s.release();
    }
  });

  Deno.test(`${label}: Session.run() writes pre-allocated outputs into the given buffers`, async () => {
    const s = await createSession(model(), {
      zeroCopy,
      executionProvider: "cpu",
      enableMemPattern: false,
      enableCpuMemArena: false,
      executionMode: "sequential",
    });
    try {
      const y = new Float32Array(4).fill(NaN);
      const feeds = {
        x: { dtype: "float32" as const, dims: [2, 3], data: new Float32Array([1, 2, 3, 0, 0, 1]) },
        n: { dtype: "int64" as const, dims: [2], data: new BigInt64Array([6n, 1n]) },
      };
      const out = await s.run(feeds, {
        outputs: { y: { dtype: "float32", dims: [2, 2], data: y.subarray(0, 4) } },
      });
      // x·w + 1 by hand: [1+3, 2+3] + 1 and [1, 1] + 1
      assertEquals([...y], [5, 6, 2, 2]);
      assert(out.y!.data.buffer === y.buffer, "the result is the given tensor");
      assertEquals(out.r!.dims, [6, 1]);
      await assertRejects(
        () => s.run(feeds, { outputs: { y: { dtype: "float32", dims: [3, 2], data: y } } }),
        (e: unknown) => {
          assert(e instanceof TypeError);
          assertMatch(e.message, /output "y" has 4 values but dims \[3, 2\] need 6/);
          return true;
        },
      );
      await assertRejects(
        () => s.run(feeds, { outputs: { z: { dtype: "float32", dims: [1], data: y } } }),
        /"z" is not an output of the model/,
      );
    } finally {
      await s.release();
    }
  });
}
