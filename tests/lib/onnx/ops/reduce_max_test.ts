import { reduceMax } from "../../../../lib/onnx/ops/reduce_max.ts";
import { reduceOpTests } from "./_reduce_cases.ts";

reduceOpTests("reduceMax", "ReduceMax", reduceMax, (v) => Math.max(...v), 21);
