/**
 * A trained GBDT forecaster on disk: `model.json` (XGBoost's own model JSON,
 * loadable by any XGBoost), `model.onnx` (the same trees as an ONNX-ML tree
 * ensemble, input `features` [N, F] float32) and `gbdt.json` (feature names,
 * horizon, covariate mode, periods, quantile levels and residual offsets).
 *
 * @module
 */

import { Booster } from "./booster.ts";
import type { GbdtModel } from "./gbdt_model.ts";
import { boosterToOnnx } from "./onnx_export.ts";
import { serializeModel } from "../onnx/serialize.ts";

/** The `gbdt.json` of a model folder: the model's description, without the booster itself. */
export interface GbdtManifest extends
  Pick<
    GbdtModel,
    | "featureNames"
    | "horizon"
    | "covariates"
    | "periods"
    | "levels"
    | "residualOffsets"
    | "params"
    | "bestRound"
    | "roundsRun"
  > {
  /** Always `"chronos-deno/gbdt@1"`. */
  format: "chronos-deno/gbdt@1";
}

/**
 * Writes a model folder (created when missing).
 *
 * @param model the trained model
 * @param dir the folder
 * @returns the folder
 * @example Usage
 * ```ts ignore
 * await saveGbdtModel(model, "models/foundation/xgboost_20240101_000000");
 * ```
 */
export async function saveGbdtModel(model: GbdtModel, dir: string): Promise<string> {
  await Deno.mkdir(dir, { recursive: true });
  const json = model.booster.saveModelJson();
  await Deno.writeTextFile(`${dir}/model.json`, json);
  await Deno.writeFile(`${dir}/model.onnx`, serializeModel(boosterToOnnx(json)));
  const manifest: GbdtManifest = {
    format: "chronos-deno/gbdt@1",
    featureNames: model.featureNames,
    horizon: model.horizon,
    covariates: model.covariates,
    ...(model.periods ? { periods: model.periods } : {}),
    levels: model.levels,
    residualOffsets: model.residualOffsets,
    params: model.params,
    bestRound: model.bestRound,
    roundsRun: model.roundsRun,
  };
  await Deno.writeTextFile(`${dir}/gbdt.json`, JSON.stringify(manifest, null, 2) + "\n");
  return dir;
}

/**
 * Loads a model folder written by {@linkcode saveGbdtModel} (the booster from `model.json`).
 *
 * @param dir the folder
 * @returns the model (free `model.booster` when done); curve and timings are empty
 * @throws {Deno.errors.NotFound} when a file is missing
 * @throws {SyntaxError} when `gbdt.json` is not a GBDT manifest
 * @example Usage
 * ```ts ignore
 * const model = await loadGbdtModel("models/foundation/xgboost_20240101_000000");
 * ```
 */
export async function loadGbdtModel(dir: string): Promise<GbdtModel> {
  const manifest = JSON.parse(await Deno.readTextFile(`${dir}/gbdt.json`)) as GbdtManifest;
  if (manifest.format !== "chronos-deno/gbdt@1") {
    throw new SyntaxError(
      `Cannot load "${dir}/gbdt.json": it is not a GBDT manifest (format ` +
        `${JSON.stringify(manifest.format)}): point at a folder written by deno task gbdt`,
    );
  }
  const booster = Booster.loadModelJson(await Deno.readTextFile(`${dir}/model.json`));
  return {
    booster,
    featureNames: manifest.featureNames,
    horizon: manifest.horizon,
    covariates: manifest.covariates,
    ...(manifest.periods ? { periods: manifest.periods } : {}),
    levels: manifest.levels,
    residualOffsets: manifest.residualOffsets,
    params: manifest.params,
    bestRound: manifest.bestRound,
    roundsRun: manifest.roundsRun,
    curve: [],
    rows: { train: 0, val: 0 },
    seconds: 0,
  };
}
