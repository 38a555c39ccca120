// deno-lint-ignore-file no-console -- a developer tool that reports on the terminal
/**
 * Layering check (std's lint:circular spirit): `lib/` never imports
 * `models/` or `cli/`, `models/` and `kernels/` never import `cli/`, each
 * external dependency is imported by its one owning file, and no two files
 * import each other, even through others or for types only (an import loop is
 * a concept cut in two).
 *
 * @module
 */

import { dirname, join, relative } from "node:path";

const OWNERS: Record<string, string> = {
  "onnxruntime-node": "lib/runtime/session.ts",
  "nodejs-polars": "lib/data/polars.ts",
  "onnx-buf": "lib/onnx/serialize.ts",
  "@bufbuild/protobuf": "lib/onnx/serialize.ts",
  "bullmq": "lib/distributed/queue.ts",
  "ioredis": "lib/distributed/queue.ts",
};
/**
 * Loops that are one concept, not a concept cut in two: each names its files
 * exactly (sorted, comma-separated), so any other loop, or a file joining one
 * of these, still fails.
 */
const ALLOWED_LOOPS: Record<string, string> = {
  "lib/onnx/builder.ts, lib/onnx/ops/_op.ts":
    "the builder runs each op's shape rule, and an op rule receives the builder (type only)",
  "lib/onnx/ops/cos.ts, lib/onnx/ops/sin.ts":
    "each gradient rule sits beside its op and d sin = cos, d cos = -sin",
  "lib/onnx/ops/concat.ts, lib/onnx/ops/pad.ts, lib/onnx/ops/slice.ts":
    "gradient rules beside their ops: Concat's gradient slices, Slice's pads, Pad's slices",
};
/**
 * Where `fetch(` may appear: the HTTP owner (timeouts, deadlines, retries, redaction), and the
 * service page's browser script, which runs in the user's browser, not in Deno.
 */
const FETCH_ALLOWED = new Set(["lib/net/http.ts", "lib/serve/page.ts"]);
/** [importer folder, imported folders it must not depend on] */
const FORBIDDEN: [string, string[]][] = [
  ["lib/", ["models/", "cli/"]],
  // Only lib/datasets names a dataset: the rest of lib/ stays dataset-agnostic. It may use the
  // generic spec (lib/datasets/spec.ts: the DatasetSpec type, seasonal periods, segments) that
  // a task receives, never a concrete dataset (steel_*.ts, csv_spec.ts); cli/ and the tasks
  // under models/ choose the dataset.
  ["lib/", ["lib/datasets/steel", "lib/datasets/csv_spec", "lib/datasets/mod"]],
  // The evaluation loop knows the Forecaster interface, not the baselines that implement it.
  ["lib/evaluate/", ["lib/baselines/"]],
  ["models/", ["cli/"]],
  ["kernels/", ["cli/", "models/"]],
];

/** Files that break a FORBIDDEN rule for now, each with the reason and who moves it. */
const ALLOWED = new Set<string>([]);

function* walk(path: string): Generator<string> {
  const info = Deno.statSync(path);
  if (info.isFile) {
    if (path.endsWith(".ts")) yield path;
    return;
  }
  for (const e of Deno.readDirSync(path)) yield* walk(join(path, e.name));
}

/**
 * The import loops of a graph (Tarjan's strongly connected components with
 * more than one file, or a file importing itself), each sorted, largest first.
 */
export function importLoops(graph: Map<string, Set<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const loops: string[][] = [];
  let next = 0;
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || graph.get(v)?.has(v)) loops.push(component.sort());
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return loops.sort((a, b) => b.length - a.length || a[0]!.localeCompare(b[0]!));
}

/**
 * A file that calls `fetch(` outside the HTTP owner, as a problem line (undefined when fine).
 * Comment lines (` * …`, `// …`) do not count.
 */
export function fetchProblem(rel: string, src: string): string | undefined {
  if (FETCH_ALLOWED.has(rel) || !/^[^*/]*\bfetch\(/m.test(src)) return undefined;
  return `${rel} calls fetch: outgoing HTTP goes through lib/net/http.ts (httpRequest)`;
}

function main(): number {
  const root = join(import.meta.dirname ?? ".", "..");
  const problems: string[] = [];
  const graph = new Map<string, Set<string>>();
  for (const dir of ["lib", "models", "kernels", "cli"]) {
    let files: string[];
    try {
      files = [...walk(join(root, dir))];
    } catch {
      continue;
    }
    for (const file of files) {
      const rel = relative(root, file).replaceAll("\\", "/");
      const src = Deno.readTextFileSync(file);
      const edges = new Set<string>();
      graph.set(rel, edges);
      const code = src.replaceAll(/^\s*\/\*\*[\s\S]*?\*\//gm, "");
      for (const m of code.matchAll(/(?:from|import)\s*\(?\s*["'](\.[^"']+\.ts)["']/g)) {
        edges.add(relative(root, join(dirname(file), m[1]!)).replaceAll("\\", "/"));
      }
      for (const m of src.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)) {
        const spec = m[1]!;
        const target = spec.startsWith(".")
          ? relative(root, join(dirname(file), spec)).replaceAll("\\", "/")
          : "";
        for (const [prefix, banned] of FORBIDDEN) {
          const inside = banned.some((b) => rel.startsWith(b)) || ALLOWED.has(rel);
          if (rel.startsWith(prefix) && !inside && banned.some((b) => target.startsWith(b))) {
            problems.push(`${rel} imports "${spec}": ${prefix} must not depend on it`);
          }
        }
        const bare = spec.replace(/^npm:/, "");
        for (const [pkg, owner] of Object.entries(OWNERS)) {
          if ((bare === pkg || bare.startsWith(pkg + "/")) && rel !== owner) {
            problems.push(`${rel} imports "${spec}": only ${owner} may import it`);
          }
        }
      }
      if (rel !== "lib/gpu/device.ts" && /^[^*/]*navigator\.gpu/m.test(src)) {
        problems.push(`${rel} uses navigator.gpu: only lib/gpu/device.ts may`);
      }
      const direct = fetchProblem(rel, src);
      if (direct) problems.push(direct);
    }
  }
  for (const loop of importLoops(graph)) {
    if (loop.join(", ") in ALLOWED_LOOPS) continue;
    problems.push(
      `Import loop between ${loop.join(", ")}: move the shared part into a file both can import`,
    );
  }
  for (const p of problems) console.error(p);
  return problems.length ? 1 : 0;
}

if (import.meta.main) Deno.exit(main());
