/**
 * A strict in-memory MLflow tracking server for tests (Deno.serve on
 * 127.0.0.1, port 0). It checks every request's method, path, headers and
 * body the way the real server behaves (see shared/docs/mlflow.md), records
 * each violation in `problems`, and can inject 500s, 429s, timeouts and
 * dropped connections.
 *
 * @module
 */

import {
  applyLogBatch,
  applyLogInputs,
  checkKey,
  FakeHttpError,
  type FakeRun,
  metricHistory,
  viewRun,
} from "./_fake_mlflow_runs.ts";

export type { FakeRun } from "./_fake_mlflow_runs.ts";

/** A fault injected into matching requests. */
export interface Fault {
  /** Matches the path after `/api/2.0` (substring or pattern). */
  path: string | RegExp;
  /** What to do. */
  kind: "500" | "429" | "timeout" | "drop" | "lost";
  /** How many matching requests get it. @default 1 */
  times?: number;
}

/** One request as received. */
export interface SeenRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
}

const STATUSES = new Set(["RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED"]);

/** The fake server. */
export class FakeMlflow {
  readonly requests: SeenRequest[] = [];
  readonly problems: string[] = [];
  readonly faults: Fault[] = [];
  readonly experiments = new Map<
    string,
    { experiment_id: string; name: string; lifecycle_stage: string; artifact_location: string }
  >();
  readonly runs = new Map<string, FakeRun>();
  readonly artifacts = new Map<string, Uint8Array>();
  /** Expected Authorization header (none when undefined). */
  auth: string | undefined;
  /** Give runs a `file:` artifact URI under this folder instead of the proxy. */
  fileArtifactRoot: string | undefined;
  #server: Deno.HttpServer<Deno.NetAddr>;
  #ac = new AbortController();
  #nextExp = 1;
  #hanging = new Set<() => void>();

  private constructor() {
    this.experiments.set("0", {
      experiment_id: "0",
      name: "Default",
      lifecycle_stage: "active",
      artifact_location: "mlflow-artifacts:/0",
    });
    this.#server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, signal: this.#ac.signal, onListen() {} },
      (req) => this.#handle(req),
    );
  }

  /** Starts a server. */
  static start(): FakeMlflow {
    return new FakeMlflow();
  }

  /** The server URL. */
  get url(): string {
    return `http://127.0.0.1:${this.#server.addr.port}`;
  }

  /** Stops the server (later requests get "connection refused"). */
  async close(): Promise<void> {
    for (const resolve of this.#hanging) resolve();
    this.#ac.abort();
    await this.#server.finished;
  }

  /** Active runs of an experiment, by name. */
  runsOf(experimentName: string): FakeRun[] {
    const exp = [...this.experiments.values()].find((e) => e.name === experimentName);
    return [...this.runs.values()].filter((r) =>
      r.info.experiment_id === exp?.experiment_id && r.info.lifecycle_stage === "active"
    );
  }

  #problem(msg: string): never {
    this.problems.push(msg);
    throw new FakeHttpError(400, "INVALID_PARAMETER_VALUE", msg);
  }

  async #handle(req: Request): Promise<Response> {
    const url = new URL(req.url);
    const path = url.pathname.replace(/^\/api\/2\.0/, "");
    const raw = new Uint8Array(await req.arrayBuffer());
    const headers = Object.fromEntries(req.headers);
    let body: unknown = raw;
    if (req.method === "POST") {
      try {
        body = JSON.parse(new TextDecoder().decode(raw));
      } catch {
        body = undefined;
      }
    }
    this.requests.push({
      method: req.method,
      path,
      query: Object.fromEntries(url.searchParams),
      headers,
      body,
    });
    const fault = this.faults.find((f) =>
      (f.times ?? 1) > 0 && (typeof f.path === "string" ? path.includes(f.path) : f.path.test(path))
    );
    if (fault && fault.kind !== "lost") {
      fault.times = (fault.times ?? 1) - 1;
      if (fault.kind === "500") return json(500, { error_code: "INTERNAL_ERROR", message: "boom" });
      if (fault.kind === "429") {
        return json(429, { error_code: "REQUEST_LIMIT_EXCEEDED", message: "slow down" });
      }
      if (fault.kind === "drop") {
        return new Response(
          new ReadableStream({ start: (c) => c.error("injected dropped connection (expected)") }),
        );
      }
      // Hang until the test closes the server (the client times out first).
      await new Promise<void>((resolve) => this.#hanging.add(resolve));
      return json(200, {});
    }
    try {
      if (this.auth !== undefined && headers.authorization !== this.auth) {
        this.problems.push(`bad Authorization "${headers.authorization}" on ${path}`);
        throw new FakeHttpError(401, "UNAUTHENTICATED", "bad credentials");
      }
      if (req.method === "POST" && headers["content-type"] !== "application/json") {
        this.#problem(`POST ${path} without Content-Type application/json`);
      }
      if (req.method === "POST" && (body === undefined || typeof body !== "object")) {
        this.#problem(`POST ${path} with a body that is not a JSON object`);
      }
      const answer = json(200, this.#route(req.method, path, url.searchParams, body as Body, raw));
      if (fault?.kind === "lost") {
        // The server acted; the answer never reaches the client.
        fault.times = (fault.times ?? 1) - 1;
        return new Response(
          new ReadableStream({ start: (c) => c.error("injected lost answer (expected)") }),
        );
      }
      return answer;
    } catch (err) {
      if (err instanceof FakeHttpError) {
        return json(err.status, { error_code: err.code, message: err.message });
      }
      throw err;
    }
  }

  #route(method: string, path: string, q: URLSearchParams, b: Body, raw: Uint8Array): unknown {
    const expect = (m: string) => m === method || this.#problem(`${method} ${path}: expected ${m}`);
    if (path.startsWith("/mlflow-artifacts/artifacts/")) {
      expect("PUT");
      this.artifacts.set(
        decodeURIComponent(path.slice("/mlflow-artifacts/artifacts/".length)),
        raw,
      );
      return {};
    }
    if (path === "/health") return "OK";
    switch (path) {
      case "/mlflow/experiments/get-by-name": {
        expect("GET");
        const name = q.get("experiment_name") ?? this.#problem("get-by-name without a name");
        const e = [...this.experiments.values()].find((x) => x.name === name);
        if (!e) throw new FakeHttpError(404, "RESOURCE_DOES_NOT_EXIST", `No experiment "${name}"`);
        return { experiment: e };
      }
      case "/mlflow/experiments/create": {
        expect("POST");
        if (typeof b.name !== "string" || b.name === "") this.#problem("create without a name");
        if ([...this.experiments.values()].some((x) => x.name === b.name)) {
          throw new FakeHttpError(400, "RESOURCE_ALREADY_EXISTS", `Experiment "${b.name}" exists`);
        }
        const id = String(this.#nextExp++);
        this.experiments.set(id, {
          experiment_id: id,
          name: b.name as string,
          lifecycle_stage: "active",
          artifact_location: `mlflow-artifacts:/${id}`,
        });
        return { experiment_id: id };
      }
      case "/mlflow/experiments/search": {
        expect("POST");
        return { experiments: [...this.experiments.values()] };
      }
      case "/mlflow/runs/create":
        expect("POST");
        return this.#createRun(b);
      case "/mlflow/runs/log-batch":
        expect("POST");
        applyLogBatch(this.#run(b.run_id), b, raw.length, (m) => this.#problem(m));
        return {};
      case "/mlflow/runs/log-inputs":
        expect("POST");
        applyLogInputs(this.#run(b.run_id), b, (m) => this.#problem(m));
        return {};
      case "/mlflow/metrics/get-history": {
        expect("GET");
        if (!q.get("max_results")) this.#problem("get-history without max_results");
        return metricHistory(this.#run(q.get("run_id")), q.get("metric_key") ?? "");
      }
      case "/mlflow/runs/update": {
        expect("POST");
        const run = this.#run(b.run_id);
        if (!STATUSES.has(b.status as string)) this.#problem(`update with status ${b.status}`);
        if (b.status === "RUNNING" && b.end_time === undefined) {
          run.info.status = "RUNNING";
          delete run.info.end_time;
          return { run_info: run.info };
        }
        if (!Number.isSafeInteger(b.end_time)) this.#problem(`update with end_time ${b.end_time}`);
        run.info.status = b.status as string;
        run.info.end_time = b.end_time as number;
        return { run_info: run.info };
      }
      case "/mlflow/runs/delete":
        expect("POST");
        this.#run(b.run_id).info.lifecycle_stage = "deleted";
        return {};
      case "/mlflow/runs/get": {
        expect("GET");
        return { run: viewRun(this.#run(q.get("run_id"))) };
      }
      case "/mlflow/runs/search":
        expect("POST");
        return this.#search(b);
    }
    throw new FakeHttpError(404, "ENDPOINT_NOT_FOUND", `${method} ${path}`);
  }

  #run(id: unknown): FakeRun {
    const run = this.runs.get(String(id));
    if (!run) throw new FakeHttpError(404, "RESOURCE_DOES_NOT_EXIST", `No run "${id}"`);
    return run;
  }

  #createRun(b: Body): unknown {
    const exp = this.experiments.get(String(b.experiment_id));
    if (!exp) throw new FakeHttpError(404, "RESOURCE_DOES_NOT_EXIST", "No such experiment");
    if (!Number.isSafeInteger(b.start_time) || (b.start_time as number) <= 0) {
      this.#problem(`runs/create without a start_time (${b.start_time})`);
    }
    if (typeof b.user_id !== "string") this.#problem("runs/create without user_id");
    const tags = new Map<string, string>();
    for (const t of (b.tags ?? []) as { key: unknown; value: unknown }[]) {
      checkKey(t.key, (m) => this.#problem(m));
      if (typeof t.value !== "string") this.#problem(`tag "${t.key}" value is not a string`);
      tags.set(t.key as string, t.value as string);
    }
    const runName = (b.run_name as string | undefined) ?? "server-named";
    tags.set("mlflow.runName", runName);
    const id = crypto.randomUUID().replaceAll("-", "");
    const run: FakeRun = {
      info: {
        run_id: id,
        run_uuid: id,
        run_name: runName,
        experiment_id: exp.experiment_id,
        user_id: b.user_id as string,
        status: "RUNNING",
        start_time: b.start_time as number,
        artifact_uri: this.fileArtifactRoot
          ? `file://${this.fileArtifactRoot}/${exp.experiment_id}/${id}/artifacts`
          : `mlflow-artifacts:/${exp.experiment_id}/${id}/artifacts`,
        lifecycle_stage: "active",
      },
      params: new Map(),
      tags,
      metrics: [],
      inputs: [],
    };
    this.runs.set(id, run);
    return { run: viewRun(run) };
  }

  #search(b: Body): unknown {
    const ids = new Set((b.experiment_ids ?? []) as string[]);
    let runs = [...this.runs.values()].filter((r) =>
      ids.has(r.info.experiment_id) && r.info.lifecycle_stage === "active"
    );
    const filter = (b.filter ?? "") as string;
    if (filter !== "") {
      const m = /^tags\.`([^`]+)` = '([^']*)'$/.exec(filter);
      if (!m) this.#problem(`unsupported filter ${filter}`);
      runs = runs.filter((r) => r.tags.get(m[1]!) === m[2]);
    }
    return { runs: runs.map((r) => viewRun(r)) };
  }
}

type Body = Record<string, unknown>;

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json" },
  });
}
