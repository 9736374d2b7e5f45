/**
 * JSON pointers (RFC 6901), the `path` of every diagnostic and fix: "/standards/0/start",
 * with "~" written "~0" and "/" written "~1" inside a segment.
 */

/**
 * Escapes one segment.
 * @example escapePointer("a/b") // "a~1b"
 */
export function escapePointer(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}

/**
 * Splits a pointer into property names and array indexes (canonical decimal segments
 * become numbers, as jsonc-parser's paths want them).
 * @example pointerSegments("/standards/0/title/zh-CN") // ["standards", 0, "title", "zh-CN"]
 */
export function pointerSegments(pointer: string): Array<string | number> {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s) => (/^(0|[1-9]\d*)$/.test(s) ? Number(s) : s));
}

/**
 * The value at `pointer` in `doc` (own properties only), or undefined.
 * @example valueAtPointer({ a: [1, 2] }, "/a/1") // 2
 */
export function valueAtPointer(doc: unknown, pointer: string): unknown {
  let value: unknown = doc;
  for (const s of pointerSegments(pointer)) {
    const key = String(s);
    value = value !== null && typeof value === "object" && Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
  }
  return value;
}
