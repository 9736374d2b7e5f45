/**
 * Event types that no standard of a policy takes (issue 11 point 10): a replay on
 * `call.answerd` used to print nothing and exit 0. Still exit 0 (the events may be
 * meant for another policy), but say so on stderr, with a did-you-mean.
 */
import type { CompiledPolicy, PolicyDoc } from "@yardstick/engine";

/** Warning lines for the types in `types` (type → events) that no standard takes. */
export function unknownTypeWarnings(policy: CompiledPolicy, doc: PolicyDoc, types: ReadonlyMap<string, number>): string[] {
  const taken = new Set<string>();
  for (const std of policy.standards) for (const t of std.events) taken.add(t);
  // The policy's vocabulary first: that is what integrations are written against.
  const known = [...new Set([...Object.keys(doc.events ?? {}), ...taken])];
  const lines: string[] = [];
  for (const [type, n] of [...types].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (taken.has(type)) continue;
    const near = closest(type, known.filter((k) => k !== type));
    const hint = near === null ? "" : ` (did you mean "${near}"?)`;
    const declared = Object.hasOwn(doc.events ?? {}, type) ? " (declared in its events, but no standard uses it)" : "";
    lines.push(`yardstick replay: warning: ${n} ${n === 1 ? "event" : "events"} of type "${type}": no standard of policy ${policy.id} takes this type${declared || hint}`);
  }
  return lines;
}

/** The candidate nearest `word` by edit distance, if near enough to be a typo. */
export function closest(word: string, candidates: readonly string[]): string | null {
  // A typo changes a few characters; beyond a third of the word it is another word.
  const limit = Math.max(1, Math.min(3, Math.floor(word.length / 3)));
  let best: string | null = null;
  let bestDistance = limit + 1;
  for (const c of candidates) {
    const d = editDistance(word, c, bestDistance);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * Levenshtein distance (insert, delete, substitute), or `cap` when it is at least that.
 * @example editDistance("call.answerd", "call.answered", 4) // 1
 */
export function editDistance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) >= cap) return cap;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      row.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin >= cap) return cap;
    prev = row;
  }
  return Math.min(prev[b.length], cap);
}
