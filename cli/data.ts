/**
 * `deno task data`: obtain the UCI steel dataset (a local copy, the cache, or
 * a verified download) and print a summary of it.
 *
 * @module
 */

import { type Io, processIo } from "../lib/cli/io.ts";
import { parseCommand } from "../lib/cli/parse_command.ts";
import { reportUserError } from "../lib/cli/user_error.ts";
import { nanToNull } from "../lib/results/write.ts";
import { formatSummary, summarizeSeries } from "../lib/data/mod.ts";
import {
  DEFAULT_CACHE_DIR,
  loadSteelData,
  resolveSteelData,
  sha256Hex,
  STEEL_SHA256,
  STEEL_ZIP_URL,
} from "../lib/datasets/mod.ts";

const USAGE = `Obtain the UCI steel industry energy dataset and summarise it

Usage: deno task data [options]

Options:
  --data PATH        use this local copy of Steel_industry_data.csv (also: env STEEL_DATA)
  --url URL          download the zip from here (default: the UCI archive)
  --cache-dir DIR    where the downloaded CSV is kept (default: ${DEFAULT_CACHE_DIR})
  --json             print the summary as JSON
  -h, --help         show this help

Without --data or STEEL_DATA the file is taken from the cache, or downloaded from
UCI, unzipped and checked (header, 35,040 rows, sha256) first.
`;

const OPTIONS = {
  data: { type: "string" },
  url: { type: "string" },
  "cache-dir": { type: "string" },
  json: { type: "boolean" },
} as const;

/**
 * Runs the task.
 *
 * @param args command-line arguments
 * @param io output streams
 * @returns the exit code (0 ok, 1 error, 2 usage)
 */
export async function main(args: string[], io: Io = processIo()): Promise<number> {
  const cmd = parseCommand(args, io, { usage: USAGE, options: OPTIONS, read: (p) => p.values });
  if (!cmd.ok) return cmd.exitCode;
  const v = cmd.options;
  let lastShown = -1;
  try {
    const { path, origin } = await resolveSteelData({
      ...(typeof v.data === "string" ? { data: v.data } : {}),
      ...(typeof v.url === "string" ? { url: v.url } : {}),
      ...(typeof v["cache-dir"] === "string" ? { cacheDir: v["cache-dir"] } : {}),
      onWarning: (m) => io.stderr(`Warning: ${m}\n`),
      onProgress: ({ receivedBytes, totalBytes }) => {
        const mb = Math.floor(receivedBytes / 1e5) / 10;
        if (mb === lastShown) return;
        lastShown = mb;
        io.stderr(
          `Downloading ${mb.toFixed(1)}${
            totalBytes ? ` of ${(totalBytes / 1e6).toFixed(1)}` : ""
          } MB\n`,
        );
      },
    });
    if (origin === "download") {
      io.stderr(`Downloaded ${typeof v.url === "string" ? v.url : STEEL_ZIP_URL}\n`);
    }
    const sha256 = await sha256Hex(await Deno.readFile(path));
    const data = await loadSteelData(path);
    const summary = {
      ...summarizeSeries(data),
      origin,
      sha256,
      canonical: sha256 === STEEL_SHA256,
    };
    if (v.json) {
      io.stdout(
        JSON.stringify(
          summary,
          nanToNull,
          2,
        ) + "\n",
      );
    } else {
      io.stdout(formatSummary(summary));
      io.stdout(
        `\nfrom: ${origin}; sha256 ${sha256}${
          summary.canonical ? " (the UCI file)" : " (differs from the UCI file)"
        }\n`,
      );
    }
    return 0;
  } catch (err) {
    return reportUserError(err, io);
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
