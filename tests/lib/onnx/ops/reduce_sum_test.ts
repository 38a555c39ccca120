import { reduceSum } from "../../../../lib/onnx/ops/reduce_sum.ts";
import { reduceOpTests } from "./_reduce_cases.ts";

reduceOpTests("reduceSum", "ReduceSum", reduceSum, (v) => v.reduce((a, b) => a + b, 0), 21);
