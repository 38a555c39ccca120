import { assertEquals, assertRejects } from "../../_helpers/assert.ts";
import { DownloadError } from "../../../lib/errors.ts";
import { resolveSteelData, resolveSteelDataPath } from "../../../lib/datasets/steel_resolve.ts";
import { steelCsvPath } from "../../_helpers/steel.ts";
import { F, withServer } from "../data/_steel_server.ts";

Deno.test("resolveSteelData() prefers --data, then STEEL_DATA, then the cache, then a download", async () => {
  const cacheDir = await Deno.makeTempDir();
  const { path } = await steelCsvPath();
  const noEnv = () => undefined;
  try {
    assertEquals(await resolveSteelData({ data: path, cacheDir, env: noEnv }), {
      path,
      origin: "argument",
    });
    await assertRejects(
      () => resolveSteelData({ data: "/nope.csv", cacheDir }),
      /Cannot find the data file "\/nope.csv" given by --data/,
    );
    const env = (n: string) => (n === "STEEL_DATA" ? path : undefined);
    assertEquals((await resolveSteelData({ cacheDir, env })).origin, "env");
    await assertRejects(
      () => resolveSteelData({ cacheDir, env: () => "/nope.csv" }),
      (e: unknown) => e instanceof Deno.errors.NotFound && /STEEL_DATA/.test(e.message),
    );
    await assertRejects(
      () => resolveSteelData({ cacheDir, env: noEnv, download: false }),
      (e: unknown) => e instanceof DownloadError && /--data PATH/.test(e.message),
    );
    await withServer(async (base) => {
      const url = `${base}/good.zip`;
      const first = await resolveSteelData({ ...F.expect, cacheDir, env: noEnv, url });
      assertEquals(first.origin, "download");
      const second = await resolveSteelData({
        ...F.expect,
        cacheDir,
        env: noEnv,
        url: `${base}/missing.zip`,
      });
      assertEquals(second, { path: first.path, origin: "cache" });
      // A damaged cache file is replaced, with a warning.
      await Deno.writeTextFile(first.path, "damaged");
      const warnings: string[] = [];
      const third = await resolveSteelData({
        ...F.expect,
        cacheDir,
        env: noEnv,
        url,
        onWarning: (m) => warnings.push(m),
      });
      assertEquals(third.origin, "download");
      assertEquals(warnings.length, 1);
      assertEquals(await Deno.readFile(third.path), F.csv);
    });
  } finally {
    await Deno.remove(cacheDir, { recursive: true });
  }
});

Deno.test("resolveSteelDataPath() returns only the path", async () => {
  const { path } = await steelCsvPath();
  assertEquals(await resolveSteelDataPath({ data: path }), path);
});
