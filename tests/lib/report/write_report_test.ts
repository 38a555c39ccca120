import { assert, assertEquals } from "../../_helpers/assert.ts";
import { compareResults } from "../../../lib/report/comparison.ts";
import { writeComparisonReport } from "../../../lib/report/write_report.ts";
import { twoFiles } from "./_fixtures.ts";

Deno.test("writeComparisonReport() writes the Markdown, the HTML and one SVG per figure", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const out = await writeComparisonReport(compareResults(twoFiles()), {
      outputDir: `${dir}/reports/`,
    });
    assertEquals(out.markdown, `${dir}/reports/model_comparison.md`);
    assertEquals(out.html, `${dir}/reports/model_comparison.html`);
    assertEquals(out.figures.length, 5);
    const md = await Deno.readTextFile(out.markdown);
    for (const f of out.figures) {
      const svg = await Deno.readTextFile(f);
      assert(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns='), f);
      assert(md.includes(f.slice(`${dir}/reports/`.length)), `${f} linked`);
    }
    assert((await Deno.readTextFile(out.html)).includes("<svg"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
