/** Data paths in standards ("item", "order.lines[0]"): plain segments, never prototype keys. */
const SEGMENT = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;
const FORBIDDEN = new Set(["__proto__", "constructor", "prototype"]);

/** Splits "a.b[0]" into ["a", "b", "0"]; null when not a plain path. */
export function parseDataPath(text: string): string[] | null {
  const out: string[] = [];
  for (const part of text.split(".")) {
    const m = /^([^[\]]+)((?:\[\d+\])*)$/.exec(part);
    // Both groups always take part in a match (the second possibly empty).
    const [, name, indexes] = m ?? [];
    if (name === undefined || indexes === undefined || !SEGMENT.test(name) || FORBIDDEN.has(name)) return null;
    out.push(name);
    for (const idx of indexes.matchAll(/\[(\d+)\]/g)) out.push(idx[1]!);
  }
  return out;
}

/** Reads a data path by own properties only. */
export function readDataPath(data: unknown, path: readonly string[]): unknown {
  let cur = data;
  for (const seg of path) {
    if (cur === null || typeof cur !== "object" || !Object.prototype.hasOwnProperty.call(cur, seg)) return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}
