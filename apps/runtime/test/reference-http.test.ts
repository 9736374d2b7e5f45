/**
 * Issue 10, the runtime path: generated timing policies are published over HTTP, their
 * generated event streams sent to POST /v1/events in shuffled batches with duplicates
 * (PGlite), the scheduler fires what is due, and the stored effective decisions must
 * equal the independent reference model's (packages/engine/test/reference, written from
 * docs/semantics.md). A bounded number of cases: the engine-side property runs 100,000.
 * REFERENCE_HTTP_SEED=n runs another sample (the default is fixed, so a failure reproduces).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { YardstickEvent } from "@yardstick/engine";
import { canonical, normalize } from "../../../packages/engine/test/reference/compare.js";
import { BASE, policyArb, streamArb } from "../../../packages/engine/test/reference/generate.js";
import { referenceDecisions, type NormDecision } from "../../../packages/engine/test/reference/ref-model.js";
import type { RefEvent } from "../../../packages/engine/test/reference/ref-standard.js";
import { effectiveOf, startServerForSuite } from "./helpers.js";
import { shuffledBatches } from "./arrival.js";

const POLICIES = 6;
const STREAMS = 30;
const SEED = Number(process.env.REFERENCE_HTTP_SEED ?? 10);



describe("the runtime over HTTP agrees with the reference model (pglite)", () => {
  const t = startServerForSuite("pglite", {
    // Generated streams happen in March 2026: widen the lateness bound to admit them.
    config: () => ({ latenessMs: Date.now() - BASE + 60 * 86_400_000, scheduler: { enabled: false, pollMs: 50, batch: 500 } }),
  });

  it(`${POLICIES} generated policies × ${STREAMS} streams`, { timeout: 600_000 }, async () => {
    const docs = fc.sample(policyArb({ extended: true }), { numRuns: POLICIES, seed: SEED });
    const want: Array<NormDecision & { policy: string }> = [];
    let cases = 0;
    for (const [i, generated] of docs.entries()) {
      const doc = { ...generated, id: `generated-${i}` };
      const pub = await t.call("POST", `/v1/policies/${doc.id}/versions`, undefined, { policy: doc, message: "generated (issue 10)" });
      expect(pub.status, JSON.stringify(pub.body)).toBe(201);
      const act = await t.call("POST", `/v1/policies/${doc.id}/activate`, undefined, { version: pub.body.version });
      expect(act.status, JSON.stringify(act.body)).toBe(200);
      const streams = fc.sample(streamArb(doc.calendars !== undefined), { numRuns: STREAMS, seed: SEED + i + 1 });
      const mine: RefEvent[] = streams.flatMap((s, c) => s.events.map((e) => ({ ...e, id: `g${i}-c${c}-${e.id}`, subject: `g${i}/c${c}/${e.subject}` })));
      cases += streams.length;
      // Until is a replay notion; the runtime runs its clock to now.
      want.push(...referenceDecisions(doc, mine, null).map((d) => ({ ...d, policy: doc.id })));
      const wire: YardstickEvent[] = mine.map((e) => ({ id: e.id, type: e.type, subject: e.subject, time: new Date(e.t).toISOString(), data: e.data }));
      for (const batch of shuffledBatches(wire, SEED + i, 0.1, 8)) {
        const r = await t.call("POST", "/v1/events", undefined, { events: batch });
        expect(r.status, JSON.stringify(r.body)).toBe(200);
      }
    }
    const checkAt = Date.now();
    while ((await t.runtime.services.scheduler.pass(checkAt)).claimed > 0);
    // Generated policies accept every event type, so a policy also sees later policies' streams: compare its own subjects.
    const got = (await effectiveOf(t))
      .filter((d) => d.policy.startsWith("generated-") && d.subject.startsWith(`g${d.policy.slice("generated-".length)}/`))
      .map((d) => ({ ...normalize(d), policy: d.policy }));
    // Field order does not matter: sort keys before comparing.
    const key = (list: Array<NormDecision & { policy?: string }>) => canonical(list).map((d) => JSON.stringify(Object.fromEntries(Object.entries(d).sort(([x], [y]) => (x < y ? -1 : 1)))));
    const byPolicy = (list: Array<NormDecision & { policy?: string }>) => docs.map((_, i) => key(list.filter((d) => d.policy === `generated-${i}`)));
    expect(cases).toBe(POLICIES * STREAMS);
    expect(want.length).toBeGreaterThan(0);
    expect(byPolicy(got)).toEqual(byPolicy(want));
  });
});
