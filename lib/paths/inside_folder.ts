/**
 * Paths built from identifiers (repository ids, experiment and run names,
 * output names) that must stay inside their folder: a name is one plain path
 * segment (no separator, not `.` or `..`, no control characters), and a
 * joined path is checked against its folder after resolution.
 *
 * @module
 */

import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { clip } from "../net/clip.ts";

/**
 * Checks that a name can be used as one file or folder name.
 *
 * @param name the identifier
 * @param what what it names, for the message, e.g. `"repository name"`
 * @returns the name
 * @throws {RangeError} when it is empty, `.` or `..`, longer than 255 characters, or holds
 *   `/`, `\`, a NUL or another control character
 * @example Usage
 * ```ts
 * import { checkPathSegment } from "./inside_folder.ts";
 * import assert from "node:assert/strict";
 * assert.equal(checkPathSegment("chronos-2", "repository name"), "chronos-2");
 * assert.throws(() => checkPathSegment("..", "repository name"), RangeError);
 * ```
 */
export function checkPathSegment(name: string, what: string): string {
  // deno-lint-ignore no-control-regex -- control characters are what is refused
  const bad = /[/\\\u0000-\u001f\u007f]/.exec(name);
  if (name === "" || name === "." || name === ".." || bad || name.length > 255) {
    const why = name === ""
      ? "it is empty"
      : bad
      ? `it holds ${JSON.stringify(bad[0])}`
      : name.length > 255
      ? "it is longer than 255 characters"
      : "it names a folder above or the folder itself";
    throw new RangeError(
      `Cannot use "${clip(name, 80)}" as a ${what}: ${why}; give a plain name`,
    );
  }
  return name;
}

/**
 * Joins relative parts under a folder and checks that the result stays inside it.
 *
 * @param folder the folder everything must stay in
 * @param parts relative path parts (may hold `/` between segments)
 * @returns the joined path (as `join` gives it)
 * @throws {RangeError} when a part is absolute or the result leaves the folder
 * @example Usage
 * ```ts
 * import { pathInside } from "./inside_folder.ts";
 * import assert from "node:assert/strict";
 * assert.equal(pathInside("models/foundation", "chronos-2"), "models/foundation/chronos-2");
 * assert.throws(() => pathInside("models/foundation", "../x"), RangeError);
 * ```
 */
export function pathInside(folder: string, ...parts: string[]): string {
  const joined = join(folder, ...parts);
  const rel = relative(resolve(folder), resolve(joined));
  if (
    parts.some((p) => isAbsolute(p)) || rel === ".." || rel.startsWith(`..${sep}`) ||
    isAbsolute(rel) || parts.some((p) => p.includes("\u0000"))
  ) {
    throw new RangeError(
      `Cannot use "${clip(parts.join("/"), 80)}" under "${clip(folder, 80)}": ` +
        "the path would leave that folder; give a name without .. or a leading /",
    );
  }
  return joined;
}
