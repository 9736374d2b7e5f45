/**
 * POST /v1/evaluate is stateless and answers exactly what replayEvents (hence
 * `yardstick replay`) answers, for every shipped scenario case, inline or by reference.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compilePolicy, replayEvents, type PolicyDoc, type ScenarioFile, type YardstickEvent } from "@yardstick/engine";
import { startServerForSuite } from "./helpers.js";

const POLICIES = new URL("../../../policies/", import.meta.url);
const read = (f: string) => JSON.parse(readFileSync(new URL(f, POLICIES), "utf8"));
const suites = readdirSync(POLICIES)
  .filter((f) => f.endsWith(".test.json"))
  .map((f) => read(f) as ScenarioFile)
  .map((file) => ({ file, doc: read(file.policy.endsWith(".json") ? file.policy : `${file.policy}.policy.json`) as PolicyDoc }));

function caseEvents(c: ScenarioFile["cases"][number], ci: number): YardstickEvent[] {
  return c.events.map((e, i) => ({ id: e.id ?? `case${ci}-${i + 1}`, type: e.type, subject: e.subject ?? c.subject ?? "subject-1", time: e.time, ...(e.data ? { data: e.data } : {}) }));
}

describe("POST /v1/evaluate", () => {
  const t = startServerForSuite("pglite");

  it("equals replayEvents for every shipped scenario case, inline and by reference, and stores nothing", async () => {
    let cases = 0;
    for (const { file, doc } of suites) {
      const inline = compilePolicy(doc);
      const stored = await t.runtime.services.policies.compiledVersion(doc.id, 1);
      if (!inline.ok) throw new Error(`${doc.id} does not compile`);
      for (const [ci, c] of file.cases.entries()) {
        const events = caseEvents(c, ci);
        const until = c.until !== undefined ? { until: c.until } : {};
        const a = await t.call("POST", "/v1/evaluate", undefined, { policy: doc, events, ...until });
        expect([c.name, a.status, a.body]).toEqual([c.name, 200, { decisions: replayEvents(inline.value, events, until) }]);
        const b = await t.call("POST", "/v1/evaluate", undefined, { policyRef: { id: doc.id }, events, ...until });
        expect([c.name, b.status, b.body]).toEqual([c.name, 200, { decisions: replayEvents(stored, events, until) }]);
        cases++;
      }
    }
    expect(cases).toBeGreaterThan(20);
    expect(await t.db.query("SELECT count(*)::int AS n FROM events")).toEqual([{ n: 0 }]);
    expect(await t.db.query("SELECT count(*)::int AS n FROM decisions")).toEqual([{ n: 0 }]);
  });

  it("refuses what it cannot evaluate, naming the field", async () => {
    const doc = suites[0].doc;
    const event = { id: "e1", type: "guest.seated", subject: "s", time: "2026-11-22T12:00:00+08:00" };
    const cases: Array<[unknown, number, string, string]> = [
      [{ events: [] }, 400, "invalid_request", "/policy"],
      [{ policy: doc, policyRef: { id: doc.id }, events: [] }, 400, "invalid_request", "/policyRef"],
      [{ policy: { ...doc, standards: "none" }, events: [] }, 422, "policy_invalid", "/policy/standards"],
      [{ policyRef: { id: doc.id }, events: [event, { ...event, id: "e2", time: "noon" }] }, 400, "event_invalid", "/events/1/time"],
      [{ policyRef: { id: doc.id }, events: {} }, 400, "invalid_request", "/events"],
      [{ policyRef: { id: doc.id, version: 0 }, events: [] }, 400, "invalid_request", "/policyRef/version"],
      [{ policyRef: { id: doc.id }, events: [], until: "later" }, 400, "invalid_request", "/until"],
      [{ policyRef: { id: "nope" }, events: [] }, 404, "not_found", "/policyRef/id"],
      [{ policyRef: { id: doc.id }, events: [], extra: true }, 400, "invalid_request", "/extra"],
    ];
    for (const [body, status, code, path] of cases) {
      const r = await t.call("POST", "/v1/evaluate", undefined, body);
      expect([r.status, r.body.error.code, r.body.error.details.path]).toEqual([status, code, path]);
    }
  });
});
