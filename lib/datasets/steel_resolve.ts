/**
 * Finds the steel CSV: `--data PATH`, else env STEEL_DATA, else the cache,
 * else a fresh download.
 *
 * @module
 */

import {
  DEFAULT_CACHE_DIR,
  downloadSteelData,
  type DownloadSteelOptions,
  sha256Hex,
  STEEL_FILE_NAME,
  STEEL_SHA256,
  SUPPLY_HINT,
} from "./steel_download.ts";
import { DownloadError } from "../errors.ts";
import type { DataOrigin } from "./spec.ts";

/** Options of {@linkcode resolveSteelData}. */
export interface ResolveSteelDataOptions extends DownloadSteelOptions {
  /** A local copy given by the user (`--data PATH`); wins over everything else. */
  data?: string;
  /** Download when no local copy or cache exists. @default true */
  download?: boolean;
  /** Reads environment variables (tests). @default Deno.env.get, undefined without permission */
  env?: (name: string) => string | undefined;
  /** Receives warnings (e.g. a damaged cache file being replaced). */
  onWarning?: (message: string) => void;
}

/** Where the file was found (the spec's {@linkcode DataOrigin}). */
export type SteelDataOrigin = DataOrigin;

/**
 * Finds or fetches the steel CSV and says where it came from.
 *
 * @param options a local path, cache folder, whether to download, download options
 * @returns the path and its origin
 * @throws {Deno.errors.NotFound} when a path given by `data` or STEEL_DATA does not exist
 * @throws {DownloadError} when a download is needed and fails, or is not allowed
 * @example Usage
 * ```ts ignore
 * import { resolveSteelData } from "@chronos-deno/chronos-deno/datasets";
 * const { path, origin } = await resolveSteelData({ data: Deno.args[0] });
 * ```
 */
export async function resolveSteelData(
  options: ResolveSteelDataOptions = {},
): Promise<{ path: string; origin: SteelDataOrigin }> {
  const env = options.env ?? readEnv;
  const candidates: [string | undefined, SteelDataOrigin, string][] = [
    [options.data, "argument", "--data"],
    [env("STEEL_DATA") || undefined, "env", "STEEL_DATA"],
  ];
  for (const [path, origin, via] of candidates) {
    if (path === undefined) continue;
    if (!(await isFile(path))) {
      throw new Deno.errors.NotFound(
        `Cannot find the data file "${path}" given by ${via}: check the path`,
      );
    }
    return { path, origin };
  }
  const cached = `${options.cacheDir ?? DEFAULT_CACHE_DIR}/${STEEL_FILE_NAME}`;
  if (await isFile(cached)) {
    const sha = await sha256Hex(await Deno.readFile(cached));
    if (sha === (options.expectedSha256 ?? STEEL_SHA256).toLowerCase()) {
      return { path: cached, origin: "cache" };
    }
    options.onWarning?.(`The cached "${cached}" has sha256 ${sha}: downloading it again`);
  }
  if (options.download === false) {
    throw new DownloadError(
      options.url ?? "",
      `No steel data found and downloading is off: ${SUPPLY_HINT}`,
    );
  }
  return { path: await downloadSteelData(options), origin: "download" };
}

/**
 * Finds or fetches the steel CSV: `data` (`--data PATH`), else env STEEL_DATA, else the
 * git-ignored cache (`.cache/data/`), else a download of the UCI zip (header, rows and sha256
 * checked).
 *
 * @param options a local path, cache folder, whether to download, download options
 * @returns the path of the CSV
 * @throws {Deno.errors.NotFound} when a path given by `data` or STEEL_DATA does not exist
 * @throws {DownloadError} when a download is needed and fails, or is not allowed
 * @example Usage
 * ```ts ignore
 * import { resolveSteelDataPath } from "@chronos-deno/chronos-deno/datasets";
 * const path = await resolveSteelDataPath({ data: "Steel_industry_data.csv" });
 * ```
 */
export async function resolveSteelDataPath(options: ResolveSteelDataOptions = {}): Promise<string> {
  return (await resolveSteelData(options)).path;
}

function readEnv(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch {
    return undefined;
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isFile;
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return false;
    throw err;
  }
}
