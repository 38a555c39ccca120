// deno-lint-ignore-file no-console -- a developer tool that reports on the terminal
/**
 * Layering check (std's lint:circular spirit): `lib/` never imports
 * `models/` or `cli/`, `models/` and `kernels/` never import `cli/`, and each
 * external dependency is imported by its one owning file.
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
/** [importer folder, imported top-level folders it must not depend on] */
const FORBIDDEN: [string, string[]][] = [
  ["lib/", ["models/", "cli/"]],
  ["models/", ["cli/"]],
  ["kernels/", ["cli/", "models/"]],
];

function* walk(path: string): Generator<string> {
  const info = Deno.statSync(path);
  if (info.isFile) {
    if (path.endsWith(".ts")) yield path;
    return;
  }
  for (const e of Deno.readDirSync(path)) yield* walk(join(path, e.name));
}

function main(): number {
  const root = join(import.meta.dirname ?? ".", "..");
  const problems: string[] = [];
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
      for (const m of src.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)) {
        const spec = m[1]!;
        const target = spec.startsWith(".")
          ? relative(root, join(dirname(file), spec)).replaceAll("\\", "/")
          : "";
        for (const [prefix, banned] of FORBIDDEN) {
          if (rel.startsWith(prefix) && banned.some((b) => target.startsWith(b))) {
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
    }
  }
  for (const p of problems) console.error(p);
  return problems.length ? 1 : 0;
}

if (import.meta.main) Deno.exit(main());
