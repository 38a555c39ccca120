/**
 * Opens the generated HTML report in headless Chromium: the figures render,
 * nothing fails or is fetched, the page fits a laptop screen; a screenshot is
 * saved (and copied to $REPORT_SCREENSHOT when set).
 */

import { assert, assertEquals } from "../../_helpers/assert.ts";
import { chromiumMissing, openPage } from "../../_helpers/browser.ts";
import { compareResults } from "../../../lib/report/comparison.ts";
import { writeComparisonReport } from "../../../lib/report/write_report.ts";
import { twoFiles } from "./_fixtures.ts";

const missing = chromiumMissing();

Deno.test({
  name: missing
    ? `HTML report renders in Chromium (skipped: ${missing})`
    : "HTML report renders its charts in Chromium with no errors and no requests",
  ignore: missing !== undefined,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "report-browser-" });
    const out = await writeComparisonReport(compareResults(twoFiles()), { outputDir: dir });
    const opened = await openPage(new URL(`file://${out.html}`).href, { width: 1366, height: 768 });
    try {
      const { page } = opened;
      // Runs in the page (a string: this project type-checks without the DOM library).
      const state = await page.evaluate(`(() => {
        const figures = [...document.querySelectorAll("section figure > svg")].map((s) => {
          const box = s.getBoundingClientRect();
          return {
            label: s.getAttribute("aria-label") || "",
            width: box.width,
            height: box.height,
            lines: [...s.querySelectorAll("path.line")].map((p) => p.getAttribute("d") || ""),
            bars: s.querySelectorAll("rect.bar").length,
          };
        });
        return {
          figures,
          rows: document.querySelectorAll("#metrics tbody tr").length,
          best: [...document.querySelectorAll("td.best")].map((c) => c.textContent),
          overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        };
      })()`) as {
        figures: { label: string; width: number; height: number; lines: string[]; bars: number }[];
        rows: number;
        best: string[];
        overflow: number;
      };
      assertEquals(state.figures.length, 5, "one inline SVG per figure");
      for (const f of state.figures) {
        assert(f.width > 600 && f.height > 200, `${f.label} is drawn at ${f.width}×${f.height}`);
        assert(f.lines.every((d) => /^M[-\d.]+,[-\d.]+/.test(d)), `${f.label}: empty path`);
        assert(f.lines.length + f.bars > 0, `${f.label} shows data`);
      }
      assertEquals(state.rows, 3);
      assert(state.best.includes("2.000"), `best cells: ${state.best.join(", ")}`);
      assertEquals(state.overflow, 0, "no horizontal scrolling on a 1366 px wide screen");
      assertEquals(opened.consoleErrors, []);
      assertEquals(opened.failedRequests, []);
      const shot = `${dir}/model_comparison.png`;
      await page.screenshot({ path: shot, fullPage: true });
      assert((await Deno.stat(shot)).size > 10_000, "screenshot written");
      const copy = Deno.env.get("REPORT_SCREENSHOT");
      if (copy) await Deno.copyFile(shot, copy);
    } finally {
      await opened.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
