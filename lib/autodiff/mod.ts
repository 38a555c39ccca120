/**
 * Reverse-mode automatic differentiation over the ONNX graph IR.
 *
 * @module
 */

export { gradient } from "./gradient.ts";
