/**
 * The MLflow file store (`./mlruns`), written so that MLflow itself reads it:
 * the Default experiment `0`, numeric experiment folders, `meta.yaml` files
 * with the fields and types MLflow's reader insists on, `metrics/`,
 * `params/`, `artifacts/` in every run, the tags the UI expects, append-only
 * metric lines, atomic writes, and an exclusive lock around experiment
 * creation so that two processes can log into one store at once.
 *
 * @module
 */

import { checkPathSegment } from "../paths/inside_folder.ts";
import { basename, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { artifactFiles, checkArtifactPath } from "./_artifacts.ts";
import { appendLine, atomicCopy, atomicWrite, readTextIfExists, withLock } from "./_fs.ts";
import { currentSource, currentUser, generateRunName, newRunId } from "./_run_info.ts";
import { formatYaml, parseYaml } from "./_yaml.ts";
import { readExperiments } from "./file_reader.ts";
import { writeFileInputs } from "./_file_inputs.ts";
import { type FileBatch, FileRun, type FileRunInfo } from "./_file_run.ts";

export type { FileBatch, FileRunInfo } from "./_file_run.ts";
import type {
  DatasetInput,
  EndStatus,
  ResumeRunOptions,
  StartRunOptions,
  TrackedRun,
  Tracker,
} from "./types.ts";
import { STATUS_CODES } from "./types.ts";
import { fileMetricValue, tagValue, validateKey } from "./validation.ts";

/** Options of {@linkcode FileStore}. */
export interface FileStoreOptions {
  /** Clock in epoch milliseconds. @default Date.now */
  now?: () => number;
  /** User recorded in `user_id` and `mlflow.user`. @default $USER, else "unknown" */
  user?: string;
  /** Source recorded in `mlflow.source.name`. @default the entry-point file */
  sourceName?: string;
  /** Run id generator. @default uuid4 hex */
  newRunId?: () => string;
  /** How long to wait for the experiment lock. @default 30000 */
  lockTimeoutMs?: number;
}

/** What a new run gets, beyond {@linkcode StartRunOptions}. */
export interface CreateRunOptions extends StartRunOptions {
  /** User id. @default the store's user */
  userId?: string;
}

/** Folders inside an experiment folder that are not runs. */
export const RESERVED_EXPERIMENT_FOLDERS: readonly string[] = ["tags", "datasets", "traces"];

/**
 * An MLflow file store rooted at a folder, usable as a {@linkcode Tracker}.
 *
 * @example Usage
 * ```ts
 * import { FileStore } from "@chronos-deno/chronos-deno/tracking";
 * const store = new FileStore(await Deno.makeTempDir());
 * const run = await store.startRun({ experiment: "demo" });
 * await run.logMetrics({ rmse: 1.5 });
 * await run.end();
 * if (run.experimentId !== "1") throw new Error();
 * ```
 */
export class FileStore implements Tracker {
  /** Always "file". */
  readonly kind = "file" as const;
  /** Absolute root folder. */
  readonly uri: string;
  #now: () => number;
  #user: string | undefined;
  #sourceName: string | undefined;
  #newRunId: () => string;
  #lockTimeoutMs: number;

  /**
   * Opens a store (nothing is written until the first run).
   *
   * @param root the store folder (created on first write)
   * @param options clock, user and id overrides
   */
  constructor(root: string, options: FileStoreOptions = {}) {
    this.uri = resolve(root);
    this.#now = options.now ?? Date.now;
    this.#user = options.user;
    this.#sourceName = options.sourceName;
    this.#newRunId = options.newRunId ?? newRunId;
    this.#lockTimeoutMs = options.lockTimeoutMs ?? 30_000;
  }

  #lock<T>(fn: () => Promise<T>): Promise<T> {
    return withLock(join(this.uri, ".experiments.lock"), fn, { timeoutMs: this.#lockTimeoutMs });
  }

  async #writeExperiment(id: string, name: string): Promise<void> {
    const t = this.#now();
    const tmp = join(this.uri, `.exp-${id}-${crypto.randomUUID().slice(0, 8)}.tmp`);
    await Deno.mkdir(tmp, { recursive: true });
    await Deno.writeTextFile(
      join(tmp, "meta.yaml"),
      formatYaml({
        artifact_location: pathToFileURL(join(this.uri, id)).href,
        creation_time: t,
        experiment_id: id,
        last_update_time: t,
        lifecycle_stage: "active",
        name,
      }),
    );
    await Deno.rename(tmp, join(this.uri, id));
  }

  async #ensureDefault(): Promise<void> {
    await Deno.mkdir(join(this.uri, ".trash"), { recursive: true });
    if (await readTextIfExists(join(this.uri, "0", "meta.yaml")) !== undefined) return;
    await this.#lock(async () => {
      const ok = await readTextIfExists(join(this.uri, "0", "meta.yaml"));
      if (ok === undefined) await this.#writeExperiment("0", "Default");
    });
  }

  /**
   * Creates the store's folder, `.trash/` and the Default experiment `0`
   * when missing (as MLflow does when it opens a store).
   */
  async init(): Promise<void> {
    await Deno.mkdir(this.uri, { recursive: true });
    await this.#ensureDefault();
  }

  /**
   * Finds an active experiment by name, or creates it with the next free
   * numeric id, under the store's lock.
   *
   * @param name experiment name
   * @returns its id
   */
  async getOrCreateExperiment(name: string): Promise<string> {
    if (typeof name !== "string" || name.trim() === "") {
      throw new RangeError("Cannot use an empty experiment name: give the experiment a name");
    }
    await this.init();
    const found = (await readExperiments(this.uri)).find((e) =>
      e.name === name && e.lifecycleStage === "active"
    );
    if (found) return found.id;
    return await this.#lock(async () => {
      const all = await readExperiments(this.uri, { includeTrash: true });
      const again = all.find((e) => e.name === name && e.lifecycleStage === "active");
      if (again) return again.id;
      const deleted = all.find((e) => e.name === name);
      if (deleted) {
        throw new RangeError(
          `Cannot log to experiment "${name}": it is deleted in "${this.uri}" (id ${deleted.id}); ` +
            `restore it with "mlflow experiments restore" or use another name`,
        );
      }
      const id = String(all.reduce((m, e) => Math.max(m, Number(e.id)), 0) + 1);
      await this.#writeExperiment(id, name);
      return id;
    });
  }

  /**
   * Creates a run folder (atomically: it appears complete) in an experiment.
   *
   * @param experimentId the experiment
   * @param options run name, tags, start time, user
   * @returns the run's id and folder
   */
  async createRun(experimentId: string, options: CreateRunOptions): Promise<FileRunInfo> {
    const runId = this.#newRunId();
    const runName = options.runName ?? options.tags?.["mlflow.runName"] ?? generateRunName();
    const userId = options.userId ?? this.#user ?? currentUser();
    const tags: Record<string, string> = {
      "mlflow.user": userId,
      "mlflow.source.name": this.#sourceName ?? currentSource(),
      "mlflow.source.type": "LOCAL",
      ...options.tags,
      "mlflow.runName": runName,
    };
    for (const [k, v] of Object.entries(tags)) {
      validateKey("tag", k);
      tagValue(k, v);
    }
    const expDir = join(this.uri, experimentId);
    const dir = join(expDir, runId);
    const tmp = join(expDir, `.${runId}.tmp`);
    for (const sub of ["metrics", "params", "artifacts", "tags"]) {
      await Deno.mkdir(join(tmp, sub), { recursive: true });
    }
    await Deno.writeTextFile(
      join(tmp, "meta.yaml"),
      formatYaml({
        artifact_uri: pathToFileURL(join(dir, "artifacts")).href,
        deleted_time: null,
        end_time: null,
        entry_point_name: "",
        experiment_id: experimentId,
        lifecycle_stage: "active",
        run_id: runId,
        run_name: runName,
        run_uuid: runId,
        source_name: "",
        source_type: 4,
        source_version: "",
        start_time: options.startTime ?? this.#now(),
        status: STATUS_CODES.RUNNING,
        tags: [],
        user_id: userId,
      }),
    );
    for (const [k, v] of Object.entries(tags)) await atomicWrite(join(tmp, "tags", k), v);
    await Deno.rename(tmp, dir);
    return { runId, experimentId, dir };
  }

  /**
   * Writes validated params, tags and metric values into a run. A param that
   * already has a different value is an error (params are immutable).
   *
   * @param run the run
   * @param batch what to write
   * @throws {RangeError} when a param would change value
   */
  async logBatch(run: FileRunInfo, batch: FileBatch): Promise<void> {
    for (const [k, v] of Object.entries(batch.params ?? {})) {
      const path = join(run.dir, "params", k);
      const old = await readTextIfExists(path);
      if (old === v) continue;
      if (old !== undefined) {
        throw new RangeError(
          `Cannot change param "${k}" of run "${run.runId}" from "${old}" to "${v}": ` +
            `params are immutable, log the new value under another key`,
        );
      }
      await atomicWrite(path, v);
    }
    for (const [k, v] of Object.entries(batch.tags ?? {})) {
      await atomicWrite(join(run.dir, "tags", k), v);
    }
    for (const m of batch.metrics ?? []) {
      await appendLine(
        join(run.dir, "metrics", m.key),
        `${m.timestamp} ${fileMetricValue(m.value)} ${m.step}\n`,
      );
    }
  }

  /**
   * Sets a run's status and end time in its `meta.yaml` (atomic rewrite).
   *
   * @param run the run
   * @param status final state
   * @param endTime epoch milliseconds @default now
   */
  async updateRun(run: FileRunInfo, status: EndStatus, endTime?: number): Promise<void> {
    const path = join(run.dir, "meta.yaml");
    const meta = parseYaml(await Deno.readTextFile(path));
    meta.status = STATUS_CODES[status];
    meta.end_time = endTime ?? this.#now();
    await atomicWrite(path, formatYaml(meta));
  }

  /**
   * Copies a file, or a folder recursively, into a run's artifacts as
   * `<artifactPath>/<basename>`. Weights files are refused before anything
   * is copied.
   *
   * @param run the run
   * @param localPath file or folder
   * @param artifactPath folder inside the artifacts @default ""
   * @throws {WeightsArtifactError} when a file is model weights
   */
  async logArtifact(run: FileRunInfo, localPath: string, artifactPath = ""): Promise<void> {
    const target = join(run.dir, "artifacts", checkArtifactPath(artifactPath), basename(localPath));
    for (const [from, to] of await artifactFiles(localPath, target)) await atomicCopy(from, to);
  }

  /**
   * Records dataset inputs of a run (once per dataset and run).
   *
   * @param run the run
   * @param inputs the datasets
   */
  async logInputs(run: FileRunInfo, inputs: readonly DatasetInput[]): Promise<void> {
    await writeFileInputs(run.dir, run.runId, inputs);
  }

  /**
   * Continues a run of this store: RUNNING again, no end time.
   *
   * @param options the run id and its experiment's name
   * @returns the run
   * @throws {RangeError} when the store has no such run in that experiment, or the id is not
   *   a plain folder name
   */
  async resumeRun(options: ResumeRunOptions): Promise<TrackedRun> {
    checkPathSegment(options.runId, "run id");
    const experimentId = await this.getOrCreateExperiment(options.experiment);
    const info = {
      runId: options.runId,
      experimentId,
      dir: join(this.uri, experimentId, options.runId),
    };
    const path = join(info.dir, "meta.yaml");
    const text = await readTextIfExists(path);
    if (text === undefined) {
      throw new RangeError(
        `Cannot resume run "${options.runId}": experiment "${options.experiment}" in "${this.uri}" ` +
          `has no such run; start a new run instead`,
      );
    }
    const meta = parseYaml(text);
    meta.status = STATUS_CODES.RUNNING;
    meta.end_time = null;
    await atomicWrite(path, formatYaml(meta));
    return new FileRun(this, info, options.experiment, this.#now);
  }

  /**
   * Starts a run in an experiment (created when missing).
   *
   * @param options experiment, run name, tags
   * @returns the run
   */
  async startRun(options: StartRunOptions): Promise<TrackedRun> {
    const experimentId = await this.getOrCreateExperiment(options.experiment);
    const info = await this.createRun(experimentId, options);
    return new FileRun(this, info, options.experiment, this.#now);
  }
}
