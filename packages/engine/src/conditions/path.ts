/**
 * Condition paths: plain member/index JSONPath only ("$.a.b[0]", "$[\"x y\"]"),
 * resolved here, never by jsonpath-plus. STUB: the conditions helper owns this file.
 */
export type PathSegment = string | number;

const FORBIDDEN = new Set(["__proto__", "constructor", "prototype"]);

/** Parses "$.a[0]" into ["a", 0]; returns null for anything but plain paths. */
export function parsePath(path: string): PathSegment[] | null {
  if (!path.startsWith("$")) return null;
  const out: PathSegment[] = [];
  const re = /\.([A-Za-z_][A-Za-z0-9_-]*)|\[(\d+)\]|\["([^"\\]*)"\]/y;
  re.lastIndex = 1;
  while (re.lastIndex < path.length) {
    const m = re.exec(path);
    if (!m) return null;
    const seg = m[1] ?? (m[2] !== undefined ? Number(m[2]) : m[3]);
    if (typeof seg === "string" && FORBIDDEN.has(seg)) return null;
    out.push(seg);
  }
  return out;
}

/** Reads a value by own properties only; undefined when any step is missing. */
export function resolvePath(value: unknown, segments: readonly PathSegment[]): unknown {
  let cur: unknown = value;
  for (const seg of segments) {
    if (cur === null || typeof cur !== "object") return undefined;
    if (!Object.prototype.hasOwnProperty.call(cur, seg)) return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}
