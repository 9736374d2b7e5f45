import type { Diagnostic } from "./types.js";

const SEVERITY_RANK = { error: 0, warning: 1, info: 2 } as const;

/** Deterministic order: by JSON pointer (array indexes numerically), then severity, code, message. */
export function sortDiagnostics<D extends Diagnostic>(list: readonly D[]): D[] {
  return [...list].sort(
    (a, b) =>
      comparePointers(a.path, b.path) ||
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      cmp(a.code, b.code) ||
      cmp(a.message, b.message),
  );
}

/** Compares JSON pointers segment by segment; numeric segments compare as numbers. */
export function comparePointers(a: string, b: string): number {
  const sa = a.split("/");
  const sb = b.split("/");
  for (let i = 0; i < Math.min(sa.length, sb.length); i++) {
    const x = sa[i]!; // within both lengths
    const y = sb[i]!;
    if (x === y) continue;
    const na = Number(x);
    const nb = Number(y);
    if (x !== "" && y !== "" && Number.isInteger(na) && Number.isInteger(nb)) return na - nb;
    return cmp(x, y);
  }
  return sa.length - sb.length;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
