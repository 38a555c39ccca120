/**
 * Tiny SVG inspection helpers for the chart tests: find elements by class
 * and count the points of a path.
 *
 * @module
 */

/** Attributes of every `<tag ...>` whose class list contains `cls`. */
export function elements(svg: string, tag: string, cls?: string): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  for (const m of svg.matchAll(new RegExp(`<${tag}\\b([^>]*?)/?>`, "g"))) {
    const a: Record<string, string> = {};
    for (const [, k, v] of m[1]!.matchAll(/([\w:-]+)="([^"]*)"/g)) a[k!] = v!;
    if (cls === undefined || (a.class ?? "").split(" ").includes(cls)) out.push(a);
  }
  return out;
}

/** The (x, y) points of path data made of M/L commands (and Z), one array per subpath. */
export function subpaths(d: string): [number, number][][] {
  const out: [number, number][][] = [];
  for (const m of d.matchAll(/([MLZ])([-\d.]+)?,?([-\d.]+)?/g)) {
    if (m[1] === "M") out.push([]);
    if (m[1] !== "Z") out[out.length - 1]!.push([Number(m[2]), Number(m[3])]);
  }
  return out;
}

/** The texts of `<text>` elements with class `cls`. */
export function texts(svg: string, cls: string): string[] {
  return [...svg.matchAll(/<text\b([^>]*)>([^<]*)<\/text>/g)]
    .filter((m) => new RegExp(`class="[^"]*\\b${cls}\\b`).test(m[1]!))
    .map((m) => m[2]!.replaceAll("&amp;", "&").replaceAll("&lt;", "<").replaceAll("&gt;", ">"));
}
