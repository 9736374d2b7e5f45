/**
 * Issue 14, point 9: every decision names its obligation, so reports count obligations,
 * not decisions. Over every case of every shipped scenario file (replayed, and stepped
 * with every event delivered late in reverse order so that retractions and superseding
 * decisions appear):
 * - every decision has an obligation id, and decisions sharing one share the standard,
 *   subject and key (distinct obligations never share an id);
 * - a timing obligation (standard, subject, key, start) has exactly one id, so the
 *   breach at the deadline and the late stop that reports its overrun share it; the
 *   shipped files contain such a pair (checked, so the test cannot pass vacuously);
 * - a superseding decision and a retraction carry the id of what they replace;
 * - ids are what they were before the field existed: the content hash at the end of the
 *   id is of the decision without `id` and `obligation`.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compilePolicy } from "../../src/compile/compile-policy.js";
import { initialState, step } from "../../src/evaluate/engine.js";
import { normalizeEvent } from "../../src/evaluate/event.js";
import { obligationId } from "../../src/evaluate/ids.js";
import { replayEvents } from "../../src/replay/replay.js";
import { caseEvents, type ScenarioFile } from "../../src/scenario/run-scenarios.js";
import { YardstickError } from "../../src/errors.js";
import type { Decision } from "../../src/types.js";

const POLICIES = join(import.meta.dirname, "../../../../policies");
const files = readdirSync(POLICIES).filter((f) => f.endsWith(".test.json")).sort();

/** 32-bit FNV-1a, as src/evaluate/ids.ts computes the id's content hash. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, "0");
}

/** Decisions of a case: replayed, and stepped with events in reverse (each one late). */
function decisionsOf(file: string): Array<{ name: string; replay: Decision[]; late: Decision[] }> {
  const scen = JSON.parse(readFileSync(join(POLICIES, file), "utf8")) as ScenarioFile;
  const r = compilePolicy(JSON.parse(readFileSync(join(POLICIES, scen.policy), "utf8")));
  if (!r.ok) throw new Error(file);
  return scen.cases.map((c, ci) => {
    const events = caseEvents(c, ci);
    const replay = replayEvents(r.value, events, c.until ? { until: c.until } : {});
    let state = initialState();
    const late: Decision[] = [];
    for (const e of [...events].reverse()) {
      const n = normalizeEvent(e, "");
      if (!n.ok) continue;
      try {
        const [next, ds] = step(r.value, state, n.value);
        state = next;
        late.push(...ds);
      } catch (err) {
        if (!(err instanceof YardstickError && err.code === "event_too_late")) throw err;
      }
    }
    return { name: c.name, replay, late };
  });
}

const all = files.flatMap((f) => decisionsOf(f).map((c) => ({ ...c, file: f })));

describe("Decision.obligation", () => {
  it("the id is unambiguous: parts with | and % are escaped", () => {
    expect(obligationId("R1", "a|b", "c")).not.toBe(obligationId("R1", "a", "b|c"));
    expect(obligationId("R1", "a%7Cb", "c")).not.toBe(obligationId("R1", "a|b", "c"));
    expect(obligationId("R1", "visit-1", "#e1")).toBe("R1|visit-1|#e1");
  });

  it("every decision names one, and one obligation id never spans standards, subjects or keys", () => {
    for (const c of all) {
      for (const list of [c.replay, c.late]) {
        const owner = new Map<string, string>();
        for (const d of list) {
          expect(typeof d.obligation, `${c.file} ${c.name}`).toBe("string");
          const who = JSON.stringify([d.standard, d.subject, d.retracted ? null : d.key]);
          const seen = owner.get(d.obligation);
          if (seen && !d.retracted && !JSON.parse(seen).includes(null)) expect(who, `${c.file} ${c.name}: ${d.obligation}`).toBe(seen);
          if (!seen || JSON.parse(seen).includes(null)) owner.set(d.obligation, who);
          expect(d.obligation.startsWith(`${d.standard}|`)).toBe(true);
        }
      }
    }
  });

  it("a timing obligation has one id: the breach and the late stop reporting its overrun share it", () => {
    let pairs = 0;
    for (const c of all) {
      const timing = c.replay.filter((d) => d.startedAt !== undefined && d.level === undefined && d.ticket === undefined);
      const byStart = new Map<string, Set<string>>();
      const byId = new Map<string, Set<string>>();
      for (const d of timing) {
        const ob = JSON.stringify([d.standard, d.subject, d.key, d.startedAt, d.events[0]]);
        byStart.set(ob, (byStart.get(ob) ?? new Set()).add(d.obligation));
        byId.set(d.obligation, (byId.get(d.obligation) ?? new Set()).add(ob));
      }
      for (const [ob, ids] of byStart) expect([...ids], `${c.file} ${c.name}: ${ob}`).toHaveLength(1);
      for (const [id, obs] of byId) expect([...obs], `${c.file} ${c.name}: ${id}`).toHaveLength(1);
      const breaches = timing.filter((d) => d.status === "breached");
      for (const b of breaches) if (breaches.some((o) => o !== b && o.obligation === b.obligation && Date.parse(o.at) > Date.parse(b.at))) pairs++;
    }
    // Hand count: the shipped files have late stops after a breach (restaurant-dining, promises "done at 19:40").
    expect(pairs).toBeGreaterThan(0);
  });

  it("superseding decisions and retractions carry the obligation of what they replace", () => {
    let replaced = 0;
    for (const c of all) {
      const byId = new Map(c.late.map((d) => [d.id, d]));
      for (const d of c.late) {
        for (const id of d.supersedes ?? []) {
          const old = byId.get(id);
          if (!old) continue;
          replaced++;
          expect(d.obligation, `${c.file} ${c.name}`).toBe(old.obligation);
        }
      }
    }
    expect(replaced).toBeGreaterThan(0);
  });

  it("decision ids are unchanged by the field: the content hash excludes it", () => {
    for (const c of all) {
      for (const d of [...c.replay, ...c.late]) {
        if (d.retracted) continue; // a retraction's id is `<withdrawn id>|retracted-by|<event>`
        const { id, obligation: _o, supersedes: _s, ...body } = d;
        expect(id.startsWith(`${d.policy}@${d.version}|${d.standard}|${d.subject}|`)).toBe(true);
        expect(id.endsWith(`|${fnv1a(JSON.stringify(body))}`), `${c.file} ${c.name}: ${id}`).toBe(true);
      }
    }
  });
});
