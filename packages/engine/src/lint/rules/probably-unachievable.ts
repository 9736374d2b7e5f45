/**
 * Code `lint_probably_unachievable` (warning): SMART "A", on recorded decisions the
 * standard was breached in more than half of its decided cases (threshold and minimum
 * number of cases are options), so staff probably cannot do it as written.
 *
 * A case is one obligation (subject, key, start), judged by its last `met` or
 * `breached` decision after superseded decisions and retractions are dropped. Warnings,
 * open, cancelled, violation and classified decisions are not cases: a fairness rule
 * has no "met" to compare a violation with. Reported at the time limit (`within`) when
 * the standard has one, else at the standard.
 */
import type { Decision, Diagnostic } from "../../types.js";
import { effectiveDecisions } from "../../evaluate/engine.js";
import type { LintRule } from "../context.js";

const CODE = "lint_probably_unachievable";

export const probablyUnachievable: LintRule = {
  code: CODE,
  check(ctx) {
    if (ctx.decisions === null) return [];
    const tally = tallyCases(ctx.decisions.filter((d) => d.policy === ctx.doc.id));
    const out: Diagnostic[] = [];
    const seen = new Set<string>();
    for (const s of ctx.standards) {
      if (seen.has(s.id)) continue; // a duplicate id is its own lint; judge the first one
      seen.add(s.id);
      const t = tally.get(s.id);
      if (!t) continue;
      const cases = t.met + t.breached;
      if (cases < ctx.minCases || t.breached / cases <= ctx.breachThreshold) continue;
      out.push({
        code: CODE,
        severity: "warning",
        message: `${s.id} was breached in ${t.breached} of ${cases} recorded cases (${Math.round((100 * t.breached) / cases)}%): probably unachievable as written; revise the target with the staff who do the work`,
        path: typeof s.doc.within === "string" ? `${s.pointer}/within` : s.pointer,
      });
    }
    return out;
  },
};

/** Met and breached cases per standard id. */
export function tallyCases(decisions: readonly Decision[]): Map<string, { met: number; breached: number }> {
  const last = new Map<string, Decision>();
  for (const d of effectiveDecisions(decisions)) {
    if (d.status !== "met" && d.status !== "breached") continue;
    const key = JSON.stringify([d.standard, d.subject, d.key, d.startedAt ?? null]);
    const prev = last.get(key);
    if (!prev || Date.parse(d.at) >= Date.parse(prev.at)) last.set(key, d);
  }
  const tally = new Map<string, { met: number; breached: number }>();
  for (const d of last.values()) {
    const t = tally.get(d.standard) ?? { met: 0, breached: 0 };
    t[d.status as "met" | "breached"]++;
    tally.set(d.standard, t);
  }
  return tally;
}
