/**
 * Headless Chromium for browser checks of generated pages: Debian's
 * `chromium` driven by playwright-core (no browser download). Tests skip,
 * saying why, only when no Chromium executable exists.
 *
 * @module
 */

import { chromium } from "playwright-core";
import type { BrowserContext, Page } from "playwright-core";

/** The Chromium executable: env `CHROMIUM_PATH`, else Debian's `/usr/bin/chromium`. */
export const CHROMIUM_PATH: string = Deno.env.get("CHROMIUM_PATH") ?? "/usr/bin/chromium";

/** The flags the project's machines were checked with (toolchain.md). */
export const CHROMIUM_ARGS: readonly string[] = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/**
 * Why browser tests cannot run here, or `undefined` when Chromium exists.
 *
 * @returns the reason, for the skipped test's name
 */
export function chromiumMissing(): string | undefined {
  try {
    const info = Deno.statSync(CHROMIUM_PATH);
    return info.isFile ? undefined : `${CHROMIUM_PATH} is not a file`;
  } catch {
    return `no Chromium at ${CHROMIUM_PATH}: install it with "apt-get install -y chromium" ` +
      `or set CHROMIUM_PATH`;
  }
}

/** A page opened in a fresh headless Chromium, with what went wrong while loading it. */
export interface OpenedPage {
  /** The page. */
  page: Page;
  /** Console messages of type "error" and uncaught page errors. */
  consoleErrors: string[];
  /** Requests that failed, and every request that left file:// or data: (the page must be offline). */
  failedRequests: string[];
  /** Closes the browser and removes its profile. */
  close(): Promise<void>;
}

/**
 * Opens `url` in a fresh headless Chromium (new profile folder), recording
 * console errors and failed or non-local requests, and waits for the load.
 *
 * @param url the page, e.g. a `file://` URL
 * @param viewport the window size
 * @param options `origin`: a loopback server (e.g. `http://127.0.0.1:8123`) the page may talk to;
 *   the browser then runs online but any request elsewhere is still recorded
 * @returns the page and what was recorded
 */
export async function openPage(
  url: string,
  viewport: { width: number; height: number } = { width: 1366, height: 900 },
  options: { origin?: string } = {},
): Promise<OpenedPage> {
  const profile = await Deno.makeTempDir({ prefix: "chromium-profile-" });
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_ARGS],
      viewport,
      offline: options.origin === undefined,
    });
    const page = context.pages()[0] ?? await context.newPage();
    const consoleErrors: string[] = [];
    const failedRequests: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") consoleErrors.push(m.text());
    });
    page.on("pageerror", (e) => consoleErrors.push(String(e)));
    page.on("requestfailed", (r) => failedRequests.push(`${r.url()}: ${r.failure()?.errorText}`));
    page.on("request", (r) => {
      const local = /^(file|data|about):/.test(r.url()) ||
        (options.origin !== undefined && r.url().startsWith(`${options.origin}/`));
      if (!local) failedRequests.push(`non-local: ${r.url()}`);
    });
    await page.goto(url, { waitUntil: "load" });
    const ctx = context;
    return {
      page,
      consoleErrors,
      failedRequests,
      close: async () => {
        await ctx.close();
        await Deno.remove(profile, { recursive: true }).catch(() => {});
      },
    };
  } catch (err) {
    await context?.close().catch(() => {});
    await Deno.remove(profile, { recursive: true }).catch(() => {});
    throw err;
  }
}
