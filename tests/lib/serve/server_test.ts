// deno-lint-ignore-file camelcase -- request bodies use the official pipeline's snake_case names
import { assert, assertEquals, assertMatch } from "../../_helpers/assert.ts";
import { type ServeOptions, startServer } from "../../../lib/serve/server.ts";
import { expectedMean, type FakeModel, fakeModel, type FakeOptions } from "./_fake_model.ts";

interface Harness {
  url: string;
  models: FakeModel[];
  logs: string[];
  server: ReturnType<typeof startServer>;
}

async function start(
  extra: Partial<ServeOptions> = {},
  fake: FakeOptions = {},
  names = ["m"],
): Promise<Harness> {
  const models: FakeModel[] = [];
  const logs: string[] = [];
  const server = startServer({
    models: names,
    loader: (name) => {
      const m = fakeModel(name, { ...fake, offset: 1000 * models.length });
      models.push(m);
      return Promise.resolve(m);
    },
    port: 0,
    log: (l) => logs.push(l),
    ...extra,
  });
  await server.ready;
  return { url: server.url, models, logs, server };
}

function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** Waits (without a time limit of its own: the test runner's applies) until `ok()` holds. */
async function until(ok: () => boolean): Promise<void> {
  while (!ok()) await new Promise((r) => setTimeout(r, 5));
}

const HOURS = ["2024-01-01T00:00:00Z", "2024-01-01T01:00:00Z", "2024-01-01T02:00:00Z"];

Deno.test("serve: forecasts come back in input order, in the official shape, timestamps continued", async () => {
  const h = await start();
  try {
    const r = await post(`${h.url}/v1/forecast`, {
      inputs: [{ target: [1, 2, 3], timestamps: HOURS }, { target: [10, null] }],
      prediction_length: 2,
      quantile_levels: [0.1, 0.9],
    });
    assertEquals(r.status, 200);
    assertEquals(r.headers.get("content-type"), "application/json");
    assertEquals(await r.json(), {
      model: "m",
      forecasts: [
        {
          quantiles: { "0.1": [0, 1], "0.9": [8, 9] },
          mean: [4, 5],
          timestamps: ["2024-01-01T03:00:00Z", "2024-01-01T04:00:00Z"],
        },
        { quantiles: { "0.1": [7, 8], "0.9": [15, 16] }, mean: expectedMean([10], 2) },
      ],
    });
  } finally {
    await h.server.shutdown();
  }
});

Deno.test("serve: health, readiness, models, metrics, OpenAPI and the page answer", async () => {
  const h = await start({}, {}, ["a", "b"]);
  try {
    assertEquals(await (await fetch(`${h.url}/healthz`)).text(), "ok\n");
    assertEquals(await (await fetch(`${h.url}/readyz`)).text(), "ready\n");
    const models = await (await fetch(`${h.url}/v1/models`)).json();
    assertEquals(models.models.map((m: { name: string }) => m.name), ["a", "b"]);
    assertEquals(models.models[0].default, true);
    assertEquals(models.models[1].folder, "/models/b");
    assertEquals(models.models[0].generation, 1);
    assert(!Number.isNaN(Date.parse(models.models[0].loadedAt)));
    const doc = await (await fetch(`${h.url}/openapi.json`)).json();
    assertEquals(Object.keys(doc.paths).sort(), [
      "/",
      "/healthz",
      "/metrics",
      "/openapi.json",
      "/readyz",
      "/v1/admin/reload",
      "/v1/forecast",
      "/v1/models",
    ]);
    assertEquals(doc.components.schemas.ForecastRequest.required, ["inputs", "prediction_length"]);
    const page = await fetch(`${h.url}/`);
    assertMatch(page.headers.get("content-type")!, /text\/html/);
    assertMatch(page.headers.get("content-security-policy")!, /default-src 'none'/);
    assertMatch(await page.text(), /<option value="b">/);
    await post(`${h.url}/v1/forecast`, { inputs: [{ target: [1] }], prediction_length: 1 });
    const metrics = await (await fetch(`${h.url}/metrics`)).text();
    assertMatch(
      metrics,
      /chronos_http_requests_total\{route="\/v1\/forecast",method="POST",status="200"\} 1/,
    );
    assertMatch(
      metrics,
      /chronos_http_request_duration_seconds_bucket\{route="\/healthz",le="\+Inf"\} 1/,
    );
    assertMatch(metrics, /chronos_batch_requests_count 1/);
    assertMatch(metrics, /chronos_queue_depth 0/);
    assertMatch(metrics, /chronos_cache_misses_total 1/);
    const odd = await fetch(`${h.url}/x/${"y".repeat(50)}`, { method: "FROB" });
    await odd.body?.cancel();
    assertMatch(
      await (await fetch(`${h.url}/metrics`)).text(),
      /chronos_http_requests_total\{route="unmatched",method="other",status="404"\} 1/,
    );
  } finally {
    await h.server.shutdown();
  }
});

Deno.test("serve: readiness fails until the models are warm", async () => {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const server = startServer({
    models: ["m"],
    loader: async (n) => {
      await gate;
      return fakeModel(n);
    },
    port: 0,
  });
  try {
    assertEquals((await fetch(`${server.url}/healthz`)).status, 200);
    const r = await fetch(`${server.url}/readyz`);
    assertEquals(r.status, 503);
    assertEquals((await r.json()).type, "https://chronos-deno.dev/problems/not-ready");
    const f = await post(`${server.url}/v1/forecast`, {
      inputs: [{ target: [1] }],
      prediction_length: 1,
    });
    assertEquals(f.status, 503);
    await f.body?.cancel();
    release();
    await server.ready;
    assertEquals((await fetch(`${server.url}/readyz`)).status, 200);
  } finally {
    release();
    await server.shutdown();
  }
});

Deno.test("serve: bad requests get the right 4xx as problem details naming the field", async () => {
  const h = await start({ limits: { request: { maxBodyBytes: 2000 } } });
  const cases: [string, RequestInit & { path?: string }, number, string?][] = [
    [
      "wrong type",
      { body: JSON.stringify({ inputs: [{ target: ["x"] }], prediction_length: 1 }) },
      422,
      "/inputs/0/target/0",
    ],
    ["NaN", { body: '{"inputs":[{"target":[NaN]}],"prediction_length":1}' }, 400],
    ["empty", { body: "" }, 400],
    [
      "empty inputs",
      { body: JSON.stringify({ inputs: [], prediction_length: 1 }) },
      422,
      "/inputs",
    ],
    ["huge", {
      body: JSON.stringify({ inputs: [{ target: Array(5000).fill(1) }], prediction_length: 1 }),
    }, 413],
    [
      "unknown model",
      { body: JSON.stringify({ model: "zz", inputs: [{ target: [1] }], prediction_length: 1 }) },
      404,
      "/model",
    ],
    ["media type", { body: "1,2", headers: { "content-type": "text/plain" } }, 415],
    ["method", { method: "GET", body: null }, 405],
    ["route", { path: "/v2/nothing" }, 404],
  ];
  try {
    for (const [name, init, status, pointer] of cases) {
      const r = await fetch(`${h.url}${init.path ?? "/v1/forecast"}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        ...init,
      });
      assertEquals(r.status, status, name);
      assertEquals(r.headers.get("content-type"), "application/problem+json", name);
      const body = await r.json();
      assertEquals(body.status, status, name);
      assert(!/\bat .*\.ts:\d+/.test(JSON.stringify(body)), `${name}: a stack trace leaked`);
      if (pointer) {
        assert(body.errors.some((e: { pointer: string }) => e.pointer === pointer), name);
      }
    }
  } finally {
    await h.server.shutdown();
  }
});

Deno.test("serve: a model failure answers 500 without internals and is logged", async () => {
  const h = await start({}, { poison: 666 });
  try {
    const r = await post(`${h.url}/v1/forecast`, {
      inputs: [{ target: [666] }],
      prediction_length: 1,
    });
    assertEquals(r.status, 500);
    const text = await r.text();
    assert(!text.includes("/secret/path"));
    assert(h.logs.some((l) => l.includes("poisoned")));
  } finally {
    await h.server.shutdown();
  }
});

Deno.test("serve: with CHRONOS_API_TOKEN, /v1 and /metrics need the bearer token", async () => {
  const h = await start({ token: "t0ken" });
  const body = { inputs: [{ target: [1] }], prediction_length: 1 };
  try {
    const no = await post(`${h.url}/v1/forecast`, body);
    assertEquals(no.status, 401);
    assertEquals(no.headers.get("www-authenticate"), 'Bearer realm="chronos-deno"');
    await no.body?.cancel();
    const wrong = await post(`${h.url}/v1/forecast`, body, { authorization: "Bearer t0kem" });
    assertEquals(wrong.status, 401);
    await wrong.body?.cancel();
    const ok = await post(`${h.url}/v1/forecast`, body, { authorization: "Bearer t0ken" });
    assertEquals(ok.status, 200);
    await ok.body?.cancel();
    assertEquals((await fetch(`${h.url}/metrics`)).status, 401);
    assertEquals((await fetch(`${h.url}/healthz`)).status, 200);
    assertEquals((await fetch(`${h.url}/openapi.json`)).status, 200);
  } finally {
    await h.server.shutdown();
  }
});

Deno.test("serve: identical requests are answered from the cache, others are not", async () => {
  const h = await start();
  const body = { inputs: [{ target: [1, 2] }], prediction_length: 2 };
  try {
    const a = await (await post(`${h.url}/v1/forecast`, body)).json();
    const b = await (await post(`${h.url}/v1/forecast`, body)).json();
    assertEquals(a, b);
    assertEquals(h.models[0]!.calls, [1]);
    const c = await (await post(`${h.url}/v1/forecast`, { ...body, quantile_levels: [0.5] }))
      .json();
    assertEquals(Object.keys(c.forecasts[0].quantiles), ["0.5"]);
    const d = await (await post(`${h.url}/v1/forecast`, { ...body, inputs: [{ target: [1, 3] }] }))
      .json();
    assertEquals(d.forecasts[0].mean, [4, 5]);
    assertEquals(h.models[0]!.calls, [1, 1, 1]);
    const m = await (await fetch(`${h.url}/metrics`)).text();
    assertMatch(m, /chronos_cache_hits_total 1\n/);
    assertMatch(m, /chronos_cache_misses_total 3\n/);
  } finally {
    await h.server.shutdown();
  }
});

Deno.test("serve: a full queue answers 429 with Retry-After, every request gets an answer", async () => {
  const h = await start({
    limits: { batch: { maxQueue: 2, enabled: false }, cache: { maxEntries: 0 } },
  }, { delayMs: 300 });
  const b = h.server.state.batcher;
  const send = (i: number) =>
    post(`${h.url}/v1/forecast`, { inputs: [{ target: [i] }], prediction_length: 1 });
  try {
    const first = send(0);
    await until(() => b.running === 1);
    const queued = [send(1), send(2)];
    await until(() => b.queued === 2);
    const refused = await Promise.all([send(3), send(4), send(5)]);
    for (const r of refused) {
      assertEquals(r.status, 429);
      assert(Number(r.headers.get("retry-after")) >= 1);
      assertEquals((await r.json()).type, "https://chronos-deno.dev/problems/queue-full");
    }
    const served = await Promise.all([first, ...queued]);
    assertEquals(served.map((r) => r.status), [200, 200, 200]);
    const means = await Promise.all(served.map(async (r) => (await r.json()).forecasts[0].mean));
    assertEquals(means, [[1], [2], [3]]);
  } finally {
    await h.server.shutdown();
  }
});

Deno.test("serve: a request over its deadline answers 503", async () => {
  const h = await start({ limits: { deadlineMs: 200 } }, { delayMs: 1000 });
  try {
    const r = await post(`${h.url}/v1/forecast`, {
      inputs: [{ target: [1] }],
      prediction_length: 1,
    });
    assertEquals(r.status, 503);
    assertEquals((await r.json()).type, "https://chronos-deno.dev/problems/deadline-exceeded");
    await h.server.state.batcher.drain(); // let the model call end
  } finally {
    await h.server.shutdown();
  }
});

Deno.test("serve: reload swaps the model without dropping requests in flight", async () => {
  const h = await start({ token: "t", limits: { cache: { maxEntries: 0 } } }, { delayMs: 60 });
  const auth = { authorization: "Bearer t" };
  const body = { inputs: [{ target: [1] }], prediction_length: 1 };
  try {
    const before = [
      post(`${h.url}/v1/forecast`, body, auth),
      post(`${h.url}/v1/forecast`, body, auth),
    ];
    await until(() => h.server.state.batcher.pending(h.models[0]!) === 2);
    const reload = await fetch(`${h.url}/v1/admin/reload`, { method: "POST", headers: auth });
    assertEquals(reload.status, 200);
    assertEquals((await reload.json()).models[0].generation, 2);
    const after = await (await post(`${h.url}/v1/forecast`, body, auth)).json();
    assertEquals(after.forecasts[0].mean, [1002]); // the new instance
    const old = await Promise.all(
      before.map(async (p) => (await (await p).json()).forecasts[0].mean),
    );
    assertEquals(old, [[2], [2]]); // finished on the old instance
    await until(() => h.models[0]!.released);
    assertEquals(h.models[1]!.released, false);
    const noTokenServer = await start();
    const denied = await fetch(`${noTokenServer.url}/v1/admin/reload`, { method: "POST" });
    assertEquals(denied.status, 403);
    await denied.body?.cancel();
    await noTokenServer.server.shutdown();
  } finally {
    await h.server.shutdown();
  }
});

Deno.test("serve: shutdown answers the requests in flight, then stops and releases the models", async () => {
  const h = await start({}, { delayMs: 80 });
  const inflight = Array.from(
    { length: 3 },
    (_, i) => post(`${h.url}/v1/forecast`, { inputs: [{ target: [i] }], prediction_length: 1 }),
  );
  await until(() => h.server.state.batcher.pending(h.models[0]!) === 3);
  const done = h.server.shutdown();
  assertEquals((await fetch(`${h.url}/readyz`).catch(() => undefined))?.status ?? 503, 503);
  const answers = await Promise.all(inflight);
  assertEquals(answers.map((r) => r.status), [200, 200, 200]);
  assertEquals(await Promise.all(answers.map(async (r) => (await r.json()).forecasts[0].mean)), [
    [1],
    [2],
    [3],
  ]);
  await done;
  await h.server.finished;
  assertEquals(h.models[0]!.released, true);
  const after = await fetch(`${h.url}/healthz`).then(() => "answered", () => "refused");
  assertEquals(after, "refused");
});

Deno.test("serve: a CSV body is forecast, and an SVG chart is drawn on request", async () => {
  const h = await start();
  const csv = "timestamp,target\n" + HOURS.map((t, i) => `${t},${i + 1}`).join("\n") + "\n";
  try {
    const r = await fetch(`${h.url}/v1/forecast?prediction_length=2&quantile_levels=0.5`, {
      method: "POST",
      headers: { "content-type": "text/csv" },
      body: csv,
    });
    assertEquals(r.status, 200);
    assertEquals(await r.json(), {
      model: "m",
      forecasts: [{
        quantiles: { "0.5": [4, 5] },
        mean: [4, 5],
        timestamps: ["2024-01-01T03:00:00Z", "2024-01-01T04:00:00Z"],
      }],
    });
    const svg = await fetch(`${h.url}/v1/forecast?prediction_length=2`, {
      method: "POST",
      headers: { "content-type": "text/csv", accept: "image/svg+xml" },
      body: csv,
    });
    assertEquals(svg.headers.get("content-type"), "image/svg+xml");
    const text = await svg.text();
    assertMatch(text, /^<svg/);
    assertMatch(text, /data-series="forecast"/);
    assertMatch(text, /class="band"/);
    const bad = await fetch(`${h.url}/v1/forecast?prediction_length=x&oops=1`, {
      method: "POST",
      headers: { "content-type": "text/csv" },
      body: csv,
    });
    assertEquals(bad.status, 422);
    const problem = await bad.json();
    assertEquals(problem.errors.map((e: { pointer: string }) => e.pointer), [
      "?oops",
      "?prediction_length",
    ]);
  } finally {
    await h.server.shutdown();
  }
});

Deno.test("serve: a client that stalls mid-body is answered 408 at the deadline", async () => {
  const h = await start({ limits: { deadlineMs: 100 } });
  const port = Number(new URL(h.url).port);
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  try {
    const head = "POST /v1/forecast HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" +
      'Content-Length: 100\r\n\r\n{"inputs":';
    await conn.write(new TextEncoder().encode(head));
    const buf = new Uint8Array(4096);
    const n = await conn.read(buf);
    const answer = new TextDecoder().decode(buf.subarray(0, n ?? 0));
    assertMatch(answer, /^HTTP\/1\.1 408/);
    assertMatch(answer, /request-timeout/);
  } finally {
    conn.close();
    await h.server.shutdown();
  }
});
