/**
 * Private helpers of the SVG primitives: escaping, attributes, coordinates,
 * text measurement and the shared look (fonts, colours).
 *
 * @module
 */

/** Font stack used by every chart (no web fonts: the report works offline). */
export const FONT =
  "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

/** Colours of text, axes and grid. */
export const INK = { text: "#1f2937", muted: "#4b5563", axis: "#6b7280", grid: "#e5e7eb" };

/** Escapes text for SVG/HTML content and attribute values. */
export function esc(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}

/** A coordinate with at most two decimals. */
export function fmt(v: number): string {
  const r = Math.round(v * 100) / 100;
  return Object.is(r, -0) ? "0" : String(r);
}

/** `key="value"` pairs; undefined values are left out. */
export function attrs(a: Record<string, string | number | undefined>): string {
  return Object.entries(a)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${typeof v === "number" ? fmt(v) : esc(v as string)}"`)
    .join("");
}

/** An element with attributes and (already escaped) content. */
export function el(
  tag: string,
  a: Record<string, string | number | undefined>,
  content?: string,
): string {
  return content === undefined ? `<${tag}${attrs(a)}/>` : `<${tag}${attrs(a)}>${content}</${tag}>`;
}

/** A text element (content escaped). */
export function text(
  x: number,
  y: number,
  content: string,
  a: Record<string, string | number | undefined> = {},
): string {
  return el("text", { x, y, ...a }, esc(content));
}

/** Approximate width of a text in a sans-serif font: enough to lay out labels. */
export function textWidth(content: string, fontSize: number): number {
  let w = 0;
  for (const ch of content) {
    if ("il.,:;|!'".includes(ch)) w += 0.3;
    else if ("mwMW".includes(ch)) w += 0.85;
    else if (ch >= "A" && ch <= "Z") w += 0.68;
    else w += 0.56;
  }
  return w * fontSize;
}

/** The root element of a chart, with a title and description for screen readers. */
export function svgRoot(
  width: number,
  height: number,
  title: string,
  description: string,
  content: string,
  className = "chart",
): string {
  return `<svg xmlns="http://www.w3.org/2000/svg"${
    attrs({
      class: className,
      width,
      height,
      viewBox: `0 0 ${fmt(width)} ${fmt(height)}`,
      role: "img",
      "aria-label": title,
      "font-family": FONT,
    })
  }><title>${esc(title)}</title><desc>${esc(description)}</desc>` +
    el("rect", { width, height, fill: "#ffffff" }) + content + "</svg>";
}

/** Path data for a polyline through (x, y) points, broken where a value is not finite. */
export function linePath(xs: readonly number[], ys: readonly number[]): string {
  let d = "";
  let pen = false;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    const y = ys[i]!;
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      pen = false;
      continue;
    }
    d += `${pen ? "L" : "M"}${fmt(x)},${fmt(y)}`;
    pen = true;
  }
  return d;
}

/** Path data for a band between two curves: one closed polygon per run of finite points. */
export function bandPath(
  xs: readonly number[],
  lo: readonly number[],
  hi: readonly number[],
): string {
  let d = "";
  let run: number[] = [];
  const flush = () => {
    if (run.length > 0) {
      const top = run.map((i, k) => `${k === 0 ? "M" : "L"}${fmt(xs[i]!)},${fmt(hi[i]!)}`);
      const bottom = [...run].reverse().map((i) => `L${fmt(xs[i]!)},${fmt(lo[i]!)}`);
      d += top.join("") + bottom.join("") + "Z";
    }
    run = [];
  };
  for (let i = 0; i < xs.length; i++) {
    if ([xs[i]!, lo[i]!, hi[i]!].every(Number.isFinite)) run.push(i);
    else flush();
  }
  flush();
  return d;
}

/** A lower-case id fragment from a title, for element ids. */
export function slug(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "chart";
}
