/**
 * The page at `/`: its HTML, and in headless Chromium against a real server
 * on loopback: pasting a CSV and forecasting draws the band; a bad CSV shows
 * the problem's detail; nothing is fetched from anywhere else.
 */

import { assert, assertEquals, assertMatch } from "../../_helpers/assert.ts";
import { chromiumMissing, openPage } from "../../_helpers/browser.ts";
import { forecastPage, PAGE_CSP } from "../../../lib/serve/page.ts";
import { startServer } from "../../../lib/serve/server.ts";
import { fakeModel } from "./_fake_model.ts";

Deno.test("forecastPage() escapes model names and loads nothing from elsewhere", () => {
  const html = forecastPage(['a"<b>', "m2"]);
  assertMatch(html, /<option value="a&quot;&lt;b&gt;">/);
  assert(!/\b(src|href)="https?:/.test(html));
  assertMatch(PAGE_CSP, /default-src 'none'/);
  assertMatch(PAGE_CSP, /connect-src 'self'/);
});

const missing = chromiumMissing();

Deno.test({
  name: missing
    ? `forecast page works in Chromium (skipped: ${missing})`
    : "forecast page draws the band of a pasted CSV in Chromium, and shows problems",
  ignore: missing !== undefined,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const server = startServer({
      models: ["m"],
      loader: (n) => Promise.resolve(fakeModel(n)),
      port: 0,
    });
    await server.ready;
    const opened = await openPage(`${server.url}/`, { width: 1280, height: 900 }, {
      origin: server.url,
    });
    try {
      const { page } = opened;
      const rows = Array.from({ length: 48 }, (_, i) => {
        const t = new Date(Date.UTC(2024, 0, 1) + i * 3_600_000).toISOString();
        return `${t},${10 + (i % 24)}`;
      });
      await page.fill("#csv", ["timestamp,kwh", ...rows].join("\n"));
      await page.fill("#target", "kwh");
      await page.fill("#h", "12");
      await page.click("#go");
      await page.waitForSelector("#chart svg path.band", { timeout: 15_000 });
      const state = await page.evaluate(`(() => {
        const svg = document.querySelector("#chart svg");
        const box = svg.getBoundingClientRect();
        return {
          series: [...svg.querySelectorAll("path.line")].map((p) => p.getAttribute("data-series")),
          width: box.width,
          status: document.querySelector("#status").textContent,
          error: document.querySelector("#error").textContent,
        };
      })()`) as { series: string[]; width: number; status: string; error: string };
      assertEquals(state.series, ["history", "forecast"]);
      assert(state.width > 600, `chart drawn ${state.width} px wide`);
      assertEquals(state.status, "Done");
      assertEquals(state.error, "");

      await page.fill("#target", "nope");
      await page.click("#go");
      // a selector, not a function: the page's CSP forbids the eval a string predicate needs
      await page.waitForSelector("#error:not(:empty)", { timeout: 15_000 });
      const error = await page.textContent("#error");
      assertMatch(error ?? "", /nope/);
      assertEquals(opened.consoleErrors.filter((e) => !e.includes("422")), []);
      assertEquals(opened.failedRequests, []);
    } finally {
      await opened.close();
      await server.shutdown();
    }
  },
});
