/**
 * A strict in-memory MLflow tracking server for tests (Deno.serve on
 * 127.0.0.1, port 0). It checks every request's method, path, headers and
 * body the way the real server behaves (see shared/docs/mlflow.md), records
 * each violation in `problems`, and can inject 500s, 429s, timeouts and
 * dropped connections.
 *
 * @module
 */

/** A fault injected into matching requests. */
export interface Fault {
  /** Matches the path after `/api/2.0` (substring or pattern). */
  path: string | RegExp;
  /** What to do. */
  kind: "500" | "429" | "timeout" | "drop";
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

interface FakeRun {
  info: {
    "run_id": string;
    "run_uuid": string;
    "run_name": string;
    "experiment_id": string;
    "user_id": string;
    status: string;
    "start_time": number;
    "end_time"?: number;
    "artifact_uri": string;
    "lifecycle_stage": string;
  };
  params: Map<string, string>;
  tags: Map<string, string>;
  metrics: { key: string; value: number; timestamp: number; step: number }[];
}

const KEY = /^[\p{L}\p{M}\p{N}_\-. :/]+$/u;
const STATUSES = new Set(["RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED"]);

class HttpError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

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
    throw new HttpError(400, "INVALID_PARAMETER_VALUE", msg);
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
    if (fault) {
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
        throw new HttpError(401, "UNAUTHENTICATED", "bad credentials");
      }
      if (req.method === "POST" && headers["content-type"] !== "application/json") {
        this.#problem(`POST ${path} without Content-Type application/json`);
      }
      if (req.method === "POST" && (body === undefined || typeof body !== "object")) {
        this.#problem(`POST ${path} with a body that is not a JSON object`);
      }
      return json(200, this.#route(req.method, path, url.searchParams, body as Body, raw));
    } catch (err) {
      if (err instanceof HttpError) {
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
    switch (path) {
      case "/mlflow/experiments/get-by-name": {
        expect("GET");
        const name = q.get("experiment_name") ?? this.#problem("get-by-name without a name");
        const e = [...this.experiments.values()].find((x) => x.name === name);
        if (!e) throw new HttpError(404, "RESOURCE_DOES_NOT_EXIST", `No experiment "${name}"`);
        return { experiment: e };
      }
      case "/mlflow/experiments/create": {
        expect("POST");
        if (typeof b.name !== "string" || b.name === "") this.#problem("create without a name");
        if ([...this.experiments.values()].some((x) => x.name === b.name)) {
          throw new HttpError(400, "RESOURCE_ALREADY_EXISTS", `Experiment "${b.name}" exists`);
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
        this.#logBatch(b, raw.length);
        return {};
      case "/mlflow/runs/update": {
        expect("POST");
        const run = this.#run(b.run_id);
        if (!STATUSES.has(b.status as string)) this.#problem(`update with status ${b.status}`);
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
        return { run: this.#view(this.#run(q.get("run_id"))) };
      }
      case "/mlflow/runs/search":
        expect("POST");
        return this.#search(b);
    }
    throw new HttpError(404, "ENDPOINT_NOT_FOUND", `${method} ${path}`);
  }

  #run(id: unknown): FakeRun {
    const run = this.runs.get(String(id));
    if (!run) throw new HttpError(404, "RESOURCE_DOES_NOT_EXIST", `No run "${id}"`);
    return run;
  }

  #view(run: FakeRun): unknown {
    const latest = new Map<string, FakeRun["metrics"][number]>();
    for (const m of run.metrics) {
      const old = latest.get(m.key);
      if (!old || m.step > old.step || (m.step === old.step && m.timestamp >= old.timestamp)) {
        latest.set(m.key, m);
      }
    }
    const kv = (m: Map<string, string>) => [...m].map(([key, value]) => ({ key, value }));
    const enc = (v: number) =>
      Number.isFinite(v) ? v : Number.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity";
    return {
      info: run.info,
      data: {
        metrics: [...latest.values()].map((m) => ({ ...m, value: enc(m.value) })),
        params: kv(run.params),
        tags: kv(run.tags),
      },
    };
  }

  #createRun(b: Body): unknown {
    const exp = this.experiments.get(String(b.experiment_id));
    if (!exp) throw new HttpError(404, "RESOURCE_DOES_NOT_EXIST", "No such experiment");
    if (!Number.isSafeInteger(b.start_time) || (b.start_time as number) <= 0) {
      this.#problem(`runs/create without a start_time (${b.start_time})`);
    }
    if (typeof b.user_id !== "string") this.#problem("runs/create without user_id");
    const tags = new Map<string, string>();
    for (const t of (b.tags ?? []) as { key: unknown; value: unknown }[]) {
      this.#checkKey(t.key);
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
    };
    this.runs.set(id, run);
    return { run: this.#view(run) };
  }

  #checkKey(key: unknown): void {
    if (typeof key !== "string" || !KEY.test(key) || key.length > 250 || key.includes("..")) {
      this.#problem(`invalid key "${String(key)}"`);
    }
  }

  #logBatch(b: Body, bytes: number): void {
    const run = this.#run(b.run_id);
    const metrics = (b.metrics ?? []) as Record<string, unknown>[];
    const params = (b.params ?? []) as Record<string, unknown>[];
    const tags = (b.tags ?? []) as Record<string, unknown>[];
    if (metrics.length > 1000 || params.length > 100 || tags.length > 100) {
      this.#problem(`log-batch over a limit: ${metrics.length}/${params.length}/${tags.length}`);
    }
    if (metrics.length + params.length + tags.length > 1000) this.#problem("log-batch over 1000");
    if (bytes > 1_000_000) this.#problem(`log-batch body of ${bytes} bytes`);
    for (const p of params) {
      this.#checkKey(p.key);
      if (typeof p.value !== "string") this.#problem(`param "${p.key}" value is not a string`);
      const old = run.params.get(p.key as string);
      if (old !== undefined && old !== p.value) {
        throw new HttpError(400, "INVALID_PARAMETER_VALUE", `Changing param "${p.key}"`);
      }
      run.params.set(p.key as string, p.value as string);
    }
    for (const t of tags) {
      this.#checkKey(t.key);
      if (typeof t.value !== "string") this.#problem(`tag "${t.key}" value is not a string`);
      run.tags.set(t.key as string, t.value as string);
    }
    for (const m of metrics) {
      this.#checkKey(m.key);
      const v = m.value;
      const value = typeof v === "number"
        ? v
        : v === "NaN"
        ? NaN
        : v === "Infinity"
        ? Infinity
        : v === "-Infinity"
        ? -Infinity
        : this.#problem(`metric "${m.key}" value ${JSON.stringify(v)}`);
      if (!Number.isSafeInteger(m.timestamp) || !Number.isSafeInteger(m.step)) {
        this.#problem(`metric "${m.key}" timestamp/step not integers`);
      }
      run.metrics.push({
        key: m.key as string,
        value,
        timestamp: m.timestamp as number,
        step: m.step as number,
      });
    }
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
    return { runs: runs.map((r) => this.#view(r)) };
  }
}

type Body = Record<string, unknown>;

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json" },
  });
}
