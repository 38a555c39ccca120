/**
 * The page at `/`: paste or upload a CSV series, pick the horizon and
 * columns, and see the forecast band drawn (the service answers
 * `POST /v1/forecast` with `Accept: image/svg+xml` using the report's chart).
 * Self-contained: no external script, style or font.
 *
 * @module
 */

const SAMPLE = [
  "timestamp,target",
  ...Array.from({ length: 96 }, (_, i) => {
    const t = new Date(Date.UTC(2024, 0, 1) + i * 3_600_000).toISOString().slice(0, 19) + "Z";
    const v = 50 + 20 * Math.sin((2 * Math.PI * i) / 24) + (i % 7);
    return `${t},${Math.round(v * 10) / 10}`;
  }),
].join("\n");

const SCRIPT = `
const $ = (id) => document.getElementById(id);
$("file").addEventListener("change", async () => {
  const f = $("file").files[0];
  if (f) $("csv").value = await f.text();
});
$("form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  $("error").textContent = "";
  $("status").textContent = "Forecasting…";
  const q = new URLSearchParams({ prediction_length: $("h").value, target: $("target").value,
    timestamp_column: $("ts").value, quantile_levels: $("levels").value });
  if ($("model").value) q.set("model", $("model").value);
  const headers = { "content-type": "text/csv", accept: "image/svg+xml" };
  if ($("token").value) headers.authorization = "Bearer " + $("token").value;
  try {
    const r = await fetch("/v1/forecast?" + q, { method: "POST", headers, body: $("csv").value });
    if (!r.ok) {
      const p = await r.json().catch(() => ({ detail: r.statusText }));
      const fields = (p.errors || []).map((e) => e.pointer + ": " + e.detail).join("; ");
      $("error").textContent = p.detail + (fields ? " (" + fields + ")" : "");
      $("status").textContent = "";
      return;
    }
    $("chart").innerHTML = await r.text();
    $("status").textContent = "Done";
  } catch (e) {
    $("error").textContent = "The service did not answer: " + e.message;
    $("status").textContent = "";
  }
});
`;

const STYLE = `
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1000px; color: #1f2937; }
textarea { width: 100%; height: 12rem; font-family: ui-monospace, monospace; font-size: 12px; }
label { display: inline-block; margin: 0.4rem 1rem 0.4rem 0; }
input[type=text], input[type=number], input[type=password] { width: 9rem; }
#error { color: #b91c1c; white-space: pre-wrap; }
#chart svg { max-width: 100%; height: auto; }
`;

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(
    /"/g,
    "&quot;",
  );
}

/**
 * The page's HTML.
 *
 * @param models the model names, default first
 * @returns the HTML document
 * @example Usage
 * ```ts
 * import { forecastPage } from "@chronos-deno/chronos-deno/serve";
 * if (!forecastPage(["tiny"]).includes('<option value="tiny">')) throw new Error();
 * ```
 */
export function forecastPage(models: readonly string[]): string {
  const options = models.map((m) => `<option value="${esc(m)}">${esc(m)}</option>`).join("");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,"><title>chronos-deno forecast</title><style>${STYLE}</style></head>
<body>
<h1>Forecast a series</h1>
<p>Paste a CSV (a timestamp column and a target column) or upload one, then forecast it.</p>
<form id="form">
<textarea id="csv" name="csv" spellcheck="false">${esc(SAMPLE)}</textarea>
<div><label>Upload CSV <input id="file" type="file" accept=".csv,text/csv"></label></div>
<div>
<label>Model <select id="model">${options}</select></label>
<label>Horizon <input id="h" type="number" min="1" value="24"></label>
<label>Target column <input id="target" type="text" value="target"></label>
<label>Timestamp column <input id="ts" type="text" value="timestamp"></label>
<label>Levels <input id="levels" type="text" value="0.1,0.5,0.9"></label>
<label>Token <input id="token" type="password" autocomplete="off"></label>
<button id="go" type="submit">Forecast</button> <span id="status"></span>
</div>
</form>
<p id="error" role="alert"></p>
<div id="chart"></div>
<script>${SCRIPT}</script>
</body></html>
`;
}

/** The page's Content-Security-Policy: nothing from elsewhere, requests only to this origin. */
export const PAGE_CSP =
  "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:";
