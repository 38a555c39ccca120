import { dtypeOfOnnxCode, dtypeSize, formatShape, onnxTypeCode } from "../../../lib/onnx/graph.ts";
import { assertEquals } from "../../_helpers/assert.ts";

Deno.test("graph helpers map dtypes to ONNX codes and sizes", () => {
  for (
    const [d, code, size] of [["float32", 1, 4], ["int32", 6, 4], ["int64", 7, 8], ["bool", 9, 1], [
      "float64",
      11,
      8,
    ]] as const
  ) {
    assertEquals(onnxTypeCode(d), code);
    assertEquals(dtypeOfOnnxCode(code), d);
    assertEquals(dtypeSize(d), size);
  }
  assertEquals(dtypeOfOnnxCode(10), undefined);
  assertEquals(formatShape(["batch", 3]), "[batch, 3]");
});
