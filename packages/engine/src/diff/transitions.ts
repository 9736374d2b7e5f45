/**
 * The behavioural diff summarised per standard and transition ("R1: 14 breached → met"):
 * what an auditor reads first. It lives beside the diff so that the runtime can send the
 * summary with a capped change list (a diff over 150k events can change 100k outcomes) and
 * the authoring app shows the same counts whether it diffed locally or asked the runtime.
 */

/** How many obligations of a standard went from one outcome to another. */
export interface TransitionCount {
  standard: string;
  /** Outcome status before ("none" when the old version made no outcome). */
  before: string;
  after: string;
  count: number;
}

/** A behaviour change as the engine makes it or as a client received it as JSON. */
type ChangeLike = { standard?: string; before?: { status?: string } | null; after?: { status?: string } | null };

/**
 * Counts changes per standard and transition, standards in the order given (the new
 * policy's, then removed ones), then any others by name; within a standard, the largest
 * count first.
 * @example countTransitions([{ standard: "R1", before: { status: "breached" }, after: { status: "met" } }], ["R1"])
 * // [{ standard: "R1", before: "breached", after: "met", count: 1 }]
 */
export function countTransitions(changes: readonly ChangeLike[], standardOrder: readonly string[] = []): TransitionCount[] {
  const counts = new Map<string, TransitionCount>();
  for (const c of changes) {
    const standard = c.standard ?? "?";
    const before = c.before?.status ?? "none";
    const after = c.after?.status ?? "none";
    const k = JSON.stringify([standard, before, after]);
    const entry = counts.get(k);
    if (entry) entry.count++;
    else counts.set(k, { standard, before, after, count: 1 });
  }
  const order = new Map(standardOrder.map((s, i) => [s, i] as const));
  const rank = (s: string) => order.get(s) ?? standardOrder.length;
  return [...counts.values()].sort(
    (a, b) => rank(a.standard) - rank(b.standard) || cmp(a.standard, b.standard) || b.count - a.count || cmp(a.before, b.before) || cmp(a.after, b.after),
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
