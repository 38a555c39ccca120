import { assert, assertEquals, assertMatch } from "../../_helpers/assert.ts";
import { reportFigures } from "../../../lib/report/figures.ts";
import { compareResults } from "../../../lib/report/comparison.ts";
import { renderHtmlReport } from "../../../lib/report/html.ts";
import { loaded, PERSISTENCE, results, twoFiles } from "./_fixtures.ts";

Deno.test("renderHtmlReport() inlines every figure and fetches nothing", () => {
  const c = compareResults(twoFiles());
  const figures = reportFigures(c);
  const html = renderHtmlReport(c, figures, { generatedAt: new Date("2024-05-02T08:30:00Z") });
  assertMatch(html, /^<!doctype html>\n<html lang="en">/);
  assertEquals(html.match(/<section id="/g)?.length, 1 + figures.length);
  for (const f of figures) assert(html.includes(f.svg), `${f.id} inlined`);
  assert(!/\b(src|href)=/.test(html), "no external resources");
  assert(!/https?:\/\/(?!www\.w3\.org\/2000\/svg)/.test(html), "no URLs but the SVG namespace");
  assert(!html.includes("<script"), "no script");
  assertMatch(html, /Content-Security-Policy" content="default-src 'none'/);
  assertMatch(html, /Generated 2024-05-02 08:30 UTC/);
});

Deno.test("renderHtmlReport() marks the best cells and escapes names", () => {
  const odd = structuredClone(PERSISTENCE);
  odd.name = "<naive & co>";
  odd.metrics.rmse = 5;
  const c = compareResults([loaded("a", results([PERSISTENCE, odd]))]);
  const html = renderHtmlReport(c, []);
  assert(html.includes("&lt;naive &amp; co&gt;") && !html.includes("<naive"));
  assertMatch(
    html,
    /<th scope="row"[^>]*>persistence<\/th><td>baseline<\/td><td class="best">4\.000<\/td>/,
  );
});
