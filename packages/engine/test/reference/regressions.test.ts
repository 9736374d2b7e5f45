/**
 * Generated cases on which the engine and the reference model once disagreed, kept as
 * regressions (issue 10). Cases 0–2 (engine wrong): a deadline that became due in the
 * past through an event (a `requires` arriving late) fired at that event's instant and
 * took along what fell due exactly then (a warning, a hold's bound), before the later
 * events of that instant (a restart, a hold, a stop). Cases 3–8: the same after a `void`
 * (the engine bounded "fell due before" by the wrong instant, so warnings fired after
 * their deadline; and the reference, reading the clock at the end of the instant,
 * re-anchored on a bound that a later event of the instant voided). Cases 9–10 (both
 * wrong; seed 1413207125): a `void` at the deadline instant made warnings due in the past;
 * the reference and the engine's replay emitted them at the deadline (step/advance did
 * not): a warning comes only strictly before the deadline, so none is emitted (case 10:
 * and a stop later at that instant is met). Hand-computed: test/evaluate/timing-known-late.test.ts.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compilePolicy } from "../../src/index.js";
import { canonical, engineIncremental, engineReplay, toEngineEvents } from "./compare.js";
import { referenceDecisions } from "./ref-model.js";
import type { RefEvent } from "./ref-standard.js";

interface Saved {
  mode: string;
  until: string | null;
  policy: Record<string, any>;
  events: Array<{ id: string; type: string; subject: string; time: string; data: Record<string, unknown> }>;
}

const saved = JSON.parse(readFileSync(new URL("./regressions.json", import.meta.url), "utf8")) as Saved[];

describe("engine and reference agree on past disagreements (issue 10)", () => {
  saved.forEach((c, i) => {
    it(`case ${i} (${c.mode})`, () => {
      const compiled = compilePolicy(c.policy);
      if (!compiled.ok) throw new Error(JSON.stringify(compiled.diagnostics));
      const events: RefEvent[] = c.events.map((e) => ({ ...e, t: Date.parse(e.time) }));
      const until = c.until === null ? null : Date.parse(c.until);
      const reference = canonical(referenceDecisions(c.policy, events, until));
      expect(reference.length).toBeGreaterThan(0);
      expect(canonical(engineReplay(compiled.value, toEngineEvents(events), until))).toEqual(reference);
      expect(canonical(engineReplay(compiled.value, toEngineEvents([...events].reverse()), until))).toEqual(reference);
      expect(canonical(engineIncremental(compiled.value, toEngineEvents(events), until, [true], [0]))).toEqual(reference);
    });
  });
});
