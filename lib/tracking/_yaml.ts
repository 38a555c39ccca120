/**
 * The small subset of YAML that MLflow's `meta.yaml` files use: one flat map
 * of scalars (strings, integers, null) and the empty list `[]`, written with
 * sorted keys like PyYAML's `safe_dump`, and read back tolerantly (quoted and
 * plain scalars, folded continuation lines).
 *
 * @module
 */

/** A `meta.yaml` scalar. */
export type YamlScalar = string | number | null | readonly never[];

const RESERVED = new Set([
  "",
  "~",
  "null",
  "true",
  "false",
  "yes",
  "no",
  "on",
  "off",
  "y",
  "n",
]);

function formatScalar(v: YamlScalar): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "[]";
  if (typeof v === "number") {
    if (!Number.isSafeInteger(v)) throw new RangeError(`Cannot write ${v} to meta.yaml`);
    return String(v);
  }
  const s = v as string;
  // Control characters or non-ASCII: a JSON string is a valid YAML double-quoted scalar.
  // deno-lint-ignore no-control-regex
  if (/[\x00-\x1f\x7f-\uffff]/.test(s)) return JSON.stringify(s);
  const plain = /^[A-Za-z0-9_/][\w.\-/:]*$/.test(s) && !s.endsWith(":") &&
    !RESERVED.has(s.toLowerCase()) && !/^[-+]?[\d.][\d_.:eE+-]*$/.test(s) && !/^0x/i.test(s);
  return plain ? s : `'${s.replaceAll("'", "''")}'`;
}

/**
 * Writes a flat map as YAML with sorted keys.
 *
 * @param map the fields
 * @returns the text, one `key: value` line each
 */
export function formatYaml(map: Record<string, YamlScalar>): string {
  return Object.keys(map).sort().map((k) => `${k}: ${formatScalar(map[k]!)}\n`).join("");
}

function parseScalar(raw: string): YamlScalar {
  const s = raw.trim();
  if (s.startsWith("'") && s.endsWith("'") && s.length >= 2) {
    return s.slice(1, -1).replaceAll("''", "'");
  }
  if (s.startsWith('"') && s.endsWith('"') && s.length >= 2) {
    try {
      return JSON.parse(s) as string;
    } catch {
      return s.slice(1, -1);
    }
  }
  if (s === "[]") return [];
  if (s === "null" || s === "~" || s === "") return null;
  if (/^-?\d+$/.test(s)) return Number(s);
  return s;
}

/**
 * Reads a flat `meta.yaml` map. Continuation lines (indented) are folded
 * into the previous value with a space, as YAML does for plain scalars.
 *
 * @param text the file content
 * @returns the fields
 * @throws {SyntaxError} when a line is not `key: value`
 */
export function parseYaml(text: string): Record<string, YamlScalar> {
  const out: Record<string, YamlScalar> = {};
  const raw: Record<string, string> = {};
  let last: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === "" || line.trimStart().startsWith("#")) continue;
    if (/^\s/.test(line) && last !== undefined) {
      raw[last] = `${raw[last]} ${line.trim()}`;
      continue;
    }
    const i = line.indexOf(":");
    if (i <= 0) {
      throw new SyntaxError(`Cannot read meta.yaml line "${line}": expected "key: value"`);
    }
    last = line.slice(0, i).trim();
    raw[last] = line.slice(i + 1);
  }
  for (const [k, v] of Object.entries(raw)) out[k] = parseScalar(v);
  return out;
}
