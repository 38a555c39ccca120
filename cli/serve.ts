/**
 * `deno task serve [--model DIR|ID …] [--host 127.0.0.1] [--port 8080]`: the
 * forecast service over HTTP (see the README section "Forecast service").
 *
 * @module
 */

import {
  choiceOption,
  numberOption,
  type ParsedArgs,
  stringOption,
  UsageError,
} from "../lib/cli/args.ts";
import { type Io, processIo } from "../lib/cli/io.ts";
import { parseCommand } from "../lib/cli/parse_command.ts";
import { reportUserError } from "../lib/cli/user_error.ts";
import { serveChronos2 } from "../models/chronos2/tasks/serve.ts";
import { PRECISIONS } from "../models/chronos2/precision.ts";

const USAGE = `Usage: deno task serve [--model DIR|ID ...] [options]

Serves Chronos-2 forecasts over HTTP: POST /v1/forecast, GET /v1/models, /healthz, /readyz,
/metrics, /openapi.json, and a page at /. SIGTERM drains and exits 0; SIGHUP reloads the models.
  --model DIR|ID        a model folder or hub id; repeat for several, the first is the default
                        (default amazon/chronos-2)
  --host H              address to bind (default 127.0.0.1; anything else exposes the service)
  --port N              port (default 8080; 0 picks a free one)
  --max-batch-rows N    rows per gathered model call (default 256)
  --batch-wait-ms N     longest wait for company when idle (default 2)
  --no-batching         one model call per request
  --max-queue N         requests waiting before 429 (default 256)
  --cache-entries N     answers kept in the cache, 0 for none (default 1024)
  --cache-ttl-s N       seconds an answer is reused (default 60)
  --deadline-s N        longest time per request (default 30)
  --threads N           ONNX Runtime intra-op threads (default: its own)
  --precision P         fp32 | int8 | bf16: the encoder's matrix products (default fp32)
Environment: CHRONOS_API_TOKEN requires "Authorization: Bearer <token>" on /v1/* and /metrics.
`;

const OPTIONS = {
  model: { type: "string" as const, multiple: true },
  host: { type: "string" as const },
  port: { type: "string" as const },
  "max-batch-rows": { type: "string" as const },
  "batch-wait-ms": { type: "string" as const },
  "no-batching": { type: "boolean" as const },
  "max-queue": { type: "string" as const },
  "cache-entries": { type: "string" as const },
  "cache-ttl-s": { type: "string" as const },
  "deadline-s": { type: "string" as const },
  threads: { type: "string" as const },
  precision: { type: "string" as const },
};

function readOptions(p: ParsedArgs) {
  const models = (p.values.model as string[] | undefined) ?? ["amazon/chronos-2"];
  if (models.some((m) => m.trim() === "")) {
    throw new UsageError("Option --model needs a folder or id");
  }
  const threads = numberOption(p, "threads", 0, { integer: true, min: 0 });
  return {
    models,
    hostname: stringOption(p, "host", "127.0.0.1"),
    port: numberOption(p, "port", 8080, { integer: true, min: 0 }),
    threads,
    precision: choiceOption(p, "precision", PRECISIONS, "fp32"),
    limits: {
      batch: {
        enabled: p.values["no-batching"] !== true,
        maxRows: numberOption(p, "max-batch-rows", 256, { integer: true, min: 1 }),
        maxWaitMs: numberOption(p, "batch-wait-ms", 2, { min: 0 }),
        maxQueue: numberOption(p, "max-queue", 256, { integer: true, min: 1 }),
      },
      cache: {
        maxEntries: numberOption(p, "cache-entries", 1024, { integer: true, min: 0 }),
        ttlMs: numberOption(p, "cache-ttl-s", 60, { min: 0 }) * 1000,
      },
      deadlineMs: numberOption(p, "deadline-s", 30, { min: 0.001 }) * 1000,
    },
  };
}

/**
 * Runs the task until SIGTERM/SIGINT.
 *
 * @param args command-line arguments
 * @param io output streams
 * @returns the exit code
 * @example Usage
 * ```ts ignore
 * import { main } from "./serve.ts";
 * await main(["--model", "tests/fixtures/chronos2-tiny", "--port", "0"]);
 * ```
 */
export async function main(args: string[], io: Io = processIo()): Promise<number> {
  const cmd = parseCommand(args, io, { usage: USAGE, options: OPTIONS, read: readOptions });
  if (!cmd.ok) return cmd.exitCode;
  const o = cmd.options;
  try {
    const token = Deno.env.get("CHRONOS_API_TOKEN") || undefined;
    const server = serveChronos2({
      models: o.models,
      hostname: o.hostname,
      port: o.port,
      limits: o.limits,
      token,
      signals: true,
      log: (line) => io.stderr(`${line}\n`),
      open: { precision: o.precision, ...(o.threads > 0 ? { intraOpThreads: o.threads } : {}) },
    });
    try {
      await server.ready;
    } catch (err) {
      await server.shutdown();
      throw err;
    }
    io.stdout(`${server.url}\n`);
    await server.finished;
    return 0;
  } catch (err) {
    return reportUserError(err, io);
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
