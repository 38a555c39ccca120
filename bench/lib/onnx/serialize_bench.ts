/**
 * Serialisation speed of a Chronos-2-sized model (≈120M float32 weights, ≈480 MB)
 * and of a small one. Run: `npx deno bench -A bench/lib/onnx/serialize_bench.ts`.
 *
 * @module
 */

import { GraphBuilder } from "../../../lib/onnx/builder.ts";
import { add, matMul } from "../../../lib/onnx/ops/mod.ts";
import { serializeModel, serializeModelChunks } from "../../../lib/onnx/serialize.ts";
import type { Graph } from "../../../lib/onnx/graph.ts";

function chronosSized(layers: number, dModel: number, dFf: number): Graph {
  const b = new GraphBuilder("big");
  let h = b.input("x", "float32", ["batch", dModel]);
  for (let l = 0; l < layers; l++) {
    b.scope(`${l}`, () => {
      for (const name of ["q", "k", "v", "o", "gq", "gk", "gv", "go"]) {
        h = add(
          b,
          h,
          matMul(
            b,
            h,
            b.initializer(`${l}/${name}`, new Float32Array(dModel * dModel), [dModel, dModel]),
          ),
        );
      }
      const wi = b.initializer(`${l}/wi`, new Float32Array(dModel * dFf), [dModel, dFf]);
      const wo = b.initializer(`${l}/wo`, new Float32Array(dFf * dModel), [dFf, dModel]);
      h = add(b, h, matMul(b, matMul(b, h, wi), wo));
    });
  }
  b.output(h, "y");
  return b.build();
}

// chronos-2: 12 layers, d_model 768, d_ff 3072 → 12·(8·768² + 2·768·3072) ≈ 113M parameters.
const big = chronosSized(12, 768, 3072);
const small = chronosSized(2, 64, 256);
const bytes = big.initializers.reduce((a, t) => a + t.data.byteLength, 0);

Deno.bench(`serializeModel: ${(bytes / 2 ** 20).toFixed(0)} MiB of float32 weights`, {
  group: "serialize",
  baseline: true,
  n: 5,
}, () => {
  serializeModel(big);
});

Deno.bench(
  `serializeModelChunks: same model, no payload copy`,
  { group: "serialize", n: 5 },
  () => {
    serializeModelChunks(big);
  },
);

const src = new Uint8Array(bytes).fill(1);
Deno.bench(`memcpy floor: Uint8Array.set of ${(bytes / 2 ** 20).toFixed(0)} MiB`, {
  group: "serialize",
  n: 5,
}, () => {
  new Uint8Array(bytes).set(src);
});

Deno.bench("serializeModel: small graph (2 layers, 64 wide)", { group: "small" }, () => {
  serializeModel(small);
});
