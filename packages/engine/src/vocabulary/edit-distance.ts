/** Edit distance and "did you mean …?" for names people mistype (event types). */

/**
 * Levenshtein distance: single-character insertions, deletions and substitutions.
 * @example editDistance("guest.seeted", "guest.seated") // 1
 */
export function editDistance(a: string, b: string): number {
  // row has b.length + 1 cells and every index below stays within 0..b.length.
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(cur + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

/** Farthest a suggestion may be: two edits ("guest.seeted" → "guest.seated", not → "guest.greeted"). */
export const MAX_SUGGESTION_DISTANCE = 2;

/**
 * The candidate closest to `word` within {@link MAX_SUGGESTION_DISTANCE} edits, or null.
 * Ties go to the candidate seen first.
 * @example closestName("guest.seeted", ["guest.greeted", "guest.seated"]) // "guest.seated"
 */
export function closestName(word: string, candidates: Iterable<string>): string | null {
  let best: string | null = null;
  let bestDistance = MAX_SUGGESTION_DISTANCE + 1;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best;
}
