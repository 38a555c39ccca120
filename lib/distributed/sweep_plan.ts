/**
 * Hyperparameter sweeps: a sweep config (grid, or seeded random search) turned
 * into the list of trials, each a set of fine-tuning options. Validation of
 * the config happens here, once, with messages that name the key.
 *
 * @module
 */

import { Rng } from "../optim/rng.ts";

/** A parameter's search space: a list of values, or a numeric range (random search only). */
export type SweepSpace =
  | readonly (number | string | boolean)[]
  | { min: number; max: number; log?: boolean; integer?: boolean };

/** The sweep config (`sweep.json`). */
export interface SweepConfig {
  /** `grid`: every combination; `random`: `trials` draws from the spaces. */
  method: "grid" | "random";
  /** Trials to draw (random search). */
  trials?: number;
  /** Seed of the random search. @default {0} */
  seed?: number;
  /** The searched options and their spaces (fine-tuning option names, e.g. `learningRate`). */
  parameters: Record<string, SweepSpace>;
  /** Options every trial shares (e.g. `numSteps`, `model`). @default {} */
  fixed?: Record<string, number | string | boolean>;
}

/**
 * The fine-tuning options a sweep may set, searched or fixed, by their library names
 * (`loraRank` r becomes LoRA rank r with alpha 2r). The trials' worker accepts these and no
 * others, so a config is checked against them before any job is sent.
 */
export const SWEEP_OPTIONS: readonly string[] = [
  "learningRate",
  "batchSize",
  "gradientAccumulationSteps",
  "contextLength",
  "mode",
  "covariates",
  "numSteps",
  "weightDecay",
  "loraRank",
  "validateEvery",
  "validationWindows",
  "predictionLength",
  "warmupSteps",
  "seed",
];

/** One trial: its index and its options (fixed + searched). */
export interface SweepTrial {
  /** Trial index, 0-based. */
  index: number;
  /** The trial's options. */
  options: Record<string, number | string | boolean>;
}

/** Largest sweep a config may ask for. */
const MAX_TRIALS = 1000;

/**
 * Turns a sweep config into its trials: the grid's combinations in key order
 * (the last key varies fastest), or `trials` seeded random draws (values
 * uniformly from a list, uniform or log-uniform in a range).
 *
 * @param config the sweep config, as parsed from JSON
 * @returns the trials
 * @throws {SyntaxError} when the config is malformed (the message names the key)
 * @throws {RangeError} when a range or trial count is out of bounds
 * @example Usage
 * ```ts
 * import { planSweep } from "@chronos-deno/chronos-deno/distributed";
 * import assert from "node:assert/strict";
 * const trials = planSweep({
 *   method: "grid",
 *   parameters: { learningRate: [1e-5, 1e-4], mode: ["full", "lora"] },
 *   fixed: { numSteps: 20 },
 * });
 * assert.equal(trials.length, 4);
 * assert.deepEqual(trials[1]!.options, { numSteps: 20, learningRate: 1e-5, mode: "lora" });
 * ```
 */
export function planSweep(config: unknown): SweepTrial[] {
  const c = checkConfig(config);
  const keys = Object.keys(c.parameters);
  const fixed = c.fixed ?? {};
  if (c.method === "grid") {
    const lists = keys.map((k) => {
      const space = c.parameters[k]!;
      if (!Array.isArray(space)) {
        throw new SyntaxError(
          `Cannot plan a grid over "${k}": give a list of values (ranges need "method": "random")`,
        );
      }
      return space as readonly (number | string | boolean)[];
    });
    const total = lists.reduce((n, l) => n * l.length, 1);
    if (total > MAX_TRIALS) {
      throw new RangeError(`Cannot plan a grid of ${total} trials: the limit is ${MAX_TRIALS}`);
    }
    const trials: SweepTrial[] = [];
    for (let t = 0; t < total; t++) {
      const options: Record<string, number | string | boolean> = { ...fixed };
      let rest = t;
      for (let k = keys.length - 1; k >= 0; k--) {
        const list = lists[k]!;
        options[keys[k]!] = list[rest % list.length]!;
        rest = Math.floor(rest / list.length);
      }
      trials.push({ index: t, options: Object.fromEntries(order(options, fixed, keys)) });
    }
    return trials;
  }
  const n = c.trials;
  if (n === undefined || !Number.isInteger(n) || n < 1 || n > MAX_TRIALS) {
    throw new RangeError(
      `Cannot plan a random search: "trials" must be an integer from 1 to ${MAX_TRIALS}, got ${n}`,
    );
  }
  const seed = c.seed ?? 0;
  return Array.from({ length: n }, (_, t) => {
    const rng = new Rng(seed, "sweep", t);
    const options: Record<string, number | string | boolean> = { ...fixed };
    for (const k of keys) options[k] = draw(c.parameters[k]!, rng);
    return { index: t, options: Object.fromEntries(order(options, fixed, keys)) };
  });
}

function order(
  options: Record<string, number | string | boolean>,
  fixed: Record<string, unknown>,
  keys: string[],
): [string, number | string | boolean][] {
  return [...Object.keys(fixed), ...keys].map((k) => [k, options[k]!]);
}

function draw(space: SweepSpace, rng: Rng): number | string | boolean {
  if (Array.isArray(space)) return space[Math.floor(rng.nextFloat() * space.length)]!;
  const r = space as { min: number; max: number; log?: boolean; integer?: boolean };
  const u = rng.nextFloat();
  const v = r.log
    ? Math.exp(Math.log(r.min) + u * (Math.log(r.max) - Math.log(r.min)))
    : r.min + u * (r.max - r.min);
  return r.integer ? Math.min(r.max, Math.floor(v)) : v;
}

function checkConfig(config: unknown): SweepConfig {
  if (typeof config !== "object" || config === null || Array.isArray(config)) {
    throw new SyntaxError("Cannot read the sweep config: it must be a JSON object");
  }
  const c = config as Record<string, unknown>;
  if (c.method !== "grid" && c.method !== "random") {
    throw new SyntaxError(
      `Cannot read the sweep config: "method" must be "grid" or "random", got ${
        JSON.stringify(c.method)?.slice(0, 40)
      }`,
    );
  }
  const params = c.parameters;
  if (typeof params !== "object" || params === null || Array.isArray(params)) {
    throw new SyntaxError('Cannot read the sweep config: "parameters" must be an object');
  }
  const keys = Object.keys(params);
  if (keys.length === 0) {
    throw new SyntaxError('Cannot read the sweep config: "parameters" names no option to search');
  }
  for (const k of keys) {
    checkOption(k, "sweep");
    const space = (params as Record<string, unknown>)[k];
    if (Array.isArray(space)) {
      if (
        space.length === 0 ||
        !space.every((v) => ["number", "string", "boolean"].includes(typeof v))
      ) {
        throw new SyntaxError(
          `Cannot sweep "${k}": its list must hold at least one number, string or boolean`,
        );
      }
      continue;
    }
    const r = space as Record<string, unknown>;
    if (
      typeof space !== "object" || space === null || typeof r.min !== "number" ||
      typeof r.max !== "number" || !Number.isFinite(r.min) || !Number.isFinite(r.max)
    ) {
      throw new SyntaxError(`Cannot sweep "${k}": give a list of values or {"min": a, "max": b}`);
    }
    if (!(r.max >= r.min) || (r.log && !(r.min > 0))) {
      throw new RangeError(
        `Cannot sweep "${k}": the range needs min ≤ max${
          r.log ? " and min > 0 on a log scale" : ""
        }`,
      );
    }
  }
  const fixed = c.fixed;
  if (
    fixed !== undefined && (typeof fixed !== "object" || fixed === null || Array.isArray(fixed))
  ) {
    throw new SyntaxError('Cannot read the sweep config: "fixed" must be an object');
  }
  for (const k of Object.keys(fixed ?? {})) checkOption(k, "fix");
  return c as unknown as SweepConfig;
}

function checkOption(key: string, verb: "sweep" | "fix"): void {
  if (!SWEEP_OPTIONS.includes(key)) {
    throw new SyntaxError(
      `Cannot ${verb} "${key.slice(0, 60)}": the options a sweep sets are ${
        SWEEP_OPTIONS.join(", ")
      }`,
    );
  }
}
