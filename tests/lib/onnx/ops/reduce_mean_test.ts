import { reduceMean } from "../../../../lib/onnx/ops/reduce_mean.ts";
import { reduceOpTests } from "./_reduce_cases.ts";

reduceOpTests(
  "reduceMean",
  "ReduceMean",
  reduceMean,
  (v) => v.reduce((a, b) => a + b, 0) / v.length,
  21,
);
