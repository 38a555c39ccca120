// Robustness of the safetensors reader: random files read back exactly;
// mutated files give a ModelFormatError or tensors whose sizes add up.
import assert from "node:assert/strict";
import fc from "fast-check";
import { ModelFormatError } from "../../lib/errors.ts";
import { parseSafetensors, serializeSafetensors } from "../../models/chronos2/weights.ts";
import { mutate, mutations, RUNS, typedErrorOrResult } from "./_mutate.ts";

const tensor = fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 0, maxLength: 3 }).chain((
  shape,
) =>
  fc.float32Array({
    minLength: shape.reduce((a, b) => a * b, 1),
    maxLength: shape.reduce((a, b) => a * b, 1),
  }).map((data) => ({ shape, data }))
);
const tensors = fc.dictionary(
  fc.string({ minLength: 1, maxLength: 24 }).filter((k) => k !== "__metadata__"),
  tensor,
  { minKeys: 1, maxKeys: 5 },
);

Deno.test("parseSafetensors() reads back every random file it is given, bit for bit", () => {
  fc.assert(
    fc.property(tensors, (t) => {
      const back = parseSafetensors(serializeSafetensors(t));
      assert.equal(back.size, Object.keys(t).length);
      for (const [name, { shape, data }] of Object.entries(t)) {
        const got = back.get(name);
        assert.ok(got, name);
        assert.deepEqual(got.shape, shape);
        assert.deepEqual(
          new Uint32Array(got.data.buffer, got.data.byteOffset, got.data.length),
          new Uint32Array(data.buffer, data.byteOffset, data.length),
        );
      }
    }),
    { numRuns: RUNS.safetensorsValid },
  );
});

Deno.test("parseSafetensors() meets mutated files with a ModelFormatError or consistent tensors", async () => {
  await fc.assert(
    fc.asyncProperty(
      tensors,
      mutations(),
      fc.option(fc.json(), { nil: undefined }),
      async (t, edits, header) => {
        let bytes = serializeSafetensors(t);
        if (header !== undefined) {
          // A random JSON header of the length the file says.
          const h = new TextEncoder().encode(header);
          const b = new Uint8Array(8 + h.length + 16);
          new DataView(b.buffer).setBigUint64(0, BigInt(h.length), true);
          b.set(h, 8);
          bytes = b;
        }
        await typedErrorOrResult(
          () => parseSafetensors(mutate(bytes, edits)),
          [ModelFormatError],
          (m) => {
            for (const [name, w] of m) {
              assert.equal(w.data.length, w.shape.reduce((a, b) => a * b, 1), name);
            }
          },
        );
      },
    ),
    { numRuns: RUNS.safetensorsMutated },
  );
});
