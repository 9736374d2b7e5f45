/**
 * Condition paths: plain member/index JSONPath only ("$.a.b[0]", "$[\"x y\"]"),
 * parsed and resolved here, never by jsonpath-plus (which has had RCE bugs: it
 * evaluates filter scripts). Resolution reads own properties only, so a path can never
 * reach `Object.prototype` or a constructor.
 */
export type PathSegment = string | number;

/** Segments no path may name: they lead to prototypes, never to event data. */
export const FORBIDDEN_SEGMENTS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

/** Why a path was refused; `code` is a diagnostic code of conditions/compile-condition.ts. */
export type PathCheck =
  | { ok: true; segments: PathSegment[] }
  | { ok: false; code: "compile_path_unsupported" | "compile_path_forbidden"; message: string };

// One segment: `.name`, `[12]` or `["any text without quote or backslash"]`.
const SEGMENT = /\.([A-Za-z_][A-Za-z0-9_-]*)|\[(\d{1,15})\]|\["([^"\\]*)"\]/y;

/**
 * Parses a path and says why it is refused when it is.
 * @example checkPath("$.lines[0].sku") // {ok: true, segments: ["lines", 0, "sku"]}
 */
export function checkPath(path: string): PathCheck {
  if (!path.startsWith("$")) {
    return { ok: false, code: "compile_path_unsupported", message: `path ${JSON.stringify(path)} must start with "$" (e.g. "$.partySize")` };
  }
  const segments: PathSegment[] = [];
  SEGMENT.lastIndex = 1;
  while (SEGMENT.lastIndex < path.length) {
    const at = SEGMENT.lastIndex;
    const m = SEGMENT.exec(path);
    if (!m) {
      return {
        ok: false,
        code: "compile_path_unsupported",
        message: `path ${JSON.stringify(path)} is not a plain member/index path at character ${at}: only ".name", "[0]" and "[\\"name\\"]" are allowed (no filters, wildcards, slices or scripts)`,
      };
    }
    // Each of the three alternatives has one group: when the first two missed, the third matched.
    const seg: PathSegment = m[1] ?? (m[2] !== undefined ? Number(m[2]) : m[3]!);
    if (typeof seg === "string" && FORBIDDEN_SEGMENTS.has(seg)) {
      return { ok: false, code: "compile_path_forbidden", message: `path ${JSON.stringify(path)} names "${seg}", which is never allowed (it reaches object prototypes)` };
    }
    segments.push(seg);
  }
  return { ok: true, segments };
}

/**
 * Parses "$.a[0]" into ["a", 0]; null for anything but a plain, allowed path.
 * @example parsePath('$["x y"].z') // ["x y", "z"]
 */
export function parsePath(path: string): PathSegment[] | null {
  const r = checkPath(path);
  return r.ok ? r.segments : null;
}

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * Reads a value by own properties only; undefined when any step is missing or is not
 * an object (a string has no members here, an array has its indexes and `length`).
 * @example resolvePath({ a: [{ b: 1 }] }, ["a", 0, "b"]) // 1
 */
export function resolvePath(value: unknown, segments: readonly PathSegment[]): unknown {
  let cur: unknown = value;
  for (let i = 0; i < segments.length; i++) {
    if (cur === null || typeof cur !== "object") return undefined;
    const seg = segments[i]!; // within the loop bound
    if (!hasOwn.call(cur, seg)) return undefined;
    cur = (cur as Record<PathSegment, unknown>)[seg];
  }
  return cur;
}

/**
 * Shows a fact and path the way a reader writes it: `data.lines[0].sku`, `data["x y"]`.
 * @example displayPath("data", ["partySize"]) // "data.partySize"
 */
export function displayPath(fact: string, segments: readonly PathSegment[]): string {
  let out = fact;
  for (const seg of segments) {
    if (typeof seg === "number") out += `[${seg}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(seg)) out += `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}
