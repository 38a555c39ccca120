/**
 * The tensor type that crosses the runtime boundary: what sessions take and
 * return, whichever way ONNX Runtime is called.
 *
 * @module
 */

import type { DType, TensorData } from "../onnx/graph.ts";

/** A tensor crossing the runtime boundary (bool data is one byte per element). */
export interface Tensor {
  /** Element type. */
  dtype: DType;
  /** Dimensions. */
  dims: number[];
  /** Row-major data. */
  data: TensorData;
}
