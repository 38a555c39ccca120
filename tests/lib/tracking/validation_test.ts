import { assertStrictEquals, assertThrows } from "../../_helpers/assert.ts";
import {
  fileMetricValue,
  paramValue,
  parseMetricValue,
  refuseWeights,
  restMetricValue,
  tagValue,
  validateKey,
  validateMetric,
  WeightsArtifactError,
} from "../../../lib/tracking/validation.ts";

Deno.test("validateKey() accepts MLflow's characters and refuses the rest", () => {
  for (const ok of ["rmse", "val/loss", "a-b_c.d e:f", "ÉTÉ_2", "x".repeat(250)]) {
    validateKey("metric", ok);
  }
  for (const bad of ["", "x".repeat(251), "a*b", "a\nb", "a..b", "/abs", "a//b", "dir/", "ü?"]) {
    assertThrows(() => validateKey("param", bad), RangeError, bad);
  }
  assertThrows(() => validateKey("tag", "a*b"), /Cannot log tag "a\*b": keys may only contain/);
});

Deno.test("paramValue() stringifies and enforces the 6000-character limit", () => {
  assertStrictEquals(paramValue("lr", 1e-4), "0.0001");
  assertStrictEquals(paramValue("cov", true), "true");
  assertStrictEquals(paramValue("s", "x".repeat(6000)).length, 6000);
  assertThrows(
    () => paramValue("s", "x".repeat(6001)),
    /has 6001 characters, MLflow keeps at most 6000/,
  );
  assertThrows(() => paramValue("o", { a: 1 }), TypeError);
  assertThrows(() => tagValue("t", "x".repeat(8001)), RangeError);
  assertThrows(() => tagValue("t", 5), TypeError);
});

Deno.test("metric values: NaN and infinities are valid and encoded per store", () => {
  validateMetric("m", NaN, -3, 0);
  assertThrows(() => validateMetric("m", "1", 0, 0), TypeError);
  assertThrows(() => validateMetric("m", 1, 0.5, 0), RangeError);
  assertThrows(() => validateMetric("m", 1, 0, 1.5), RangeError);
  assertStrictEquals(fileMetricValue(NaN), "nan");
  assertStrictEquals(fileMetricValue(Infinity), "inf");
  assertStrictEquals(fileMetricValue(-Infinity), "-inf");
  assertStrictEquals(fileMetricValue(0.1), "0.1");
  assertStrictEquals(restMetricValue(NaN), "NaN");
  assertStrictEquals(restMetricValue(Infinity), "Infinity");
  assertStrictEquals(restMetricValue(2.5), 2.5);
  assertStrictEquals(parseMetricValue("-inf"), -Infinity);
  assertStrictEquals(parseMetricValue("Infinity"), Infinity);
  assertStrictEquals(parseMetricValue("1e-05"), 1e-5);
  assertThrows(() => parseMetricValue("abc"), SyntaxError);
});

Deno.test("refuseWeights() refuses weights files only", () => {
  refuseWeights("results.json");
  refuseWeights("onnx_notes.txt");
  for (const w of ["m.safetensors", "M.ONNX", "model.onnx.data", "ckpt.pt"]) {
    assertThrows(() => refuseWeights(w), WeightsArtifactError);
  }
});
