/**
 * Issue 14, scheduler quarantine: a subject whose deadline evaluation throws (here the
 * state a 4,000-deep data event left before input bounds existed, written directly
 * into the database, and a state the engine cannot read at all) is quarantined with
 * its error, retried with backoff, listed by GET /v1/admin/quarantine and counted in
 * /metrics, while every other due deadline fires.
 */
import { describe, expect, it } from "vitest";
import { BACKENDS, eventually, isoFromNow, startServerForSuite, uid } from "./helpers.js";

const deepText = (levels: number) => '{"a":'.repeat(levels) + "{}" + "}".repeat(levels);

describe.each(BACKENDS)("scheduler quarantine (%s)", (backend) => {
  const t = startServerForSuite(backend, { config: () => ({ scheduler: { enabled: true, pollMs: 50, batch: 500 } }) });

  it("quarantines a subject whose evaluation throws and keeps firing the others", async () => {
    // A real state to poison: a visit seated now (nothing due yet), read back from the table.
    const template = uid("poison-template");
    await t.call("POST", "/v1/events", undefined, { id: uid(), type: "guest.seated", subject: template, time: isoFromNow(0) });
    const [row] = await t.db.query("SELECT state::text AS state FROM subject_states WHERE subject = $1 AND policy = 'restaurant-dining'", [template]);
    expect(row.state).toContain('"facts":{}');
    const deep = uid("poison-deep");
    const garbage = uid("poison-garbage");
    const past = Date.now() - 1_000;
    await t.db.query("INSERT INTO subject_states (subject, policy, version, state, due_ms) VALUES ($1, 'restaurant-dining', 1, $2::json, $3), ($4, 'restaurant-dining', 1, $5::json, $3)", [
      deep,
      row.state.replace('"facts":{}', `"facts":${deepText(4_000)}`),
      past,
      garbage,
      '{"not":"a state"}',
    ]);
    // Ten visits seated 10 minutes ago: R1 (greet within 2 minutes) is overdue for each, so each fires a breach.
    const visits = Array.from({ length: 10 }, () => uid("visit"));
    const r = await t.call("POST", "/v1/events", undefined, { events: visits.map((subject) => ({ id: uid(), type: "guest.seated", subject, time: isoFromNow(-10 * 60_000) })) });
    expect(r.status).toBe(200);
    const breached = async () =>
      (await t.db.query("SELECT DISTINCT subject FROM decisions WHERE standard = 'R1' AND status = 'breached' AND subject = ANY($1::text[]) ORDER BY subject", [visits])).map((x) => x.subject);
    expect(await eventually(async () => ((await breached()).length === 10 ? breached() : null))).toEqual([...visits].sort());

    const listed = await eventually(async () => {
      const q = (await t.call("GET", "/v1/admin/quarantine")).body.quarantined.filter((x: { subject?: string }) => x.subject === deep || x.subject === garbage);
      return q.length === 2 && q.every((x: { attempts: number }) => x.attempts >= 2) ? q : null;
    }, 30_000);
    const bySubject = new Map(listed.map((x: { subject: string }) => [x.subject, x]));
    expect(bySubject.get(deep)).toMatchObject({ kind: "subject", policy: "restaurant-dining", version: 1, error: "RangeError: Maximum call stack size exceeded" });
    expect(bySubject.get(garbage)).toMatchObject({ kind: "subject", policy: "restaurant-dining", version: 1, error: expect.stringContaining("TypeError") });
    // Backoff: the next retry is after the last failure, and the row's deadline moved with it.
    for (const x of listed) expect(Date.parse(x.nextRetryAt)).toBeGreaterThan(Date.parse(x.lastAt));
    const dues = await t.db.query("SELECT subject, due_ms::float8 AS due FROM subject_states WHERE subject = ANY($1::text[])", [[deep, garbage]]);
    for (const d of dues) expect(d.due).toBeGreaterThan(past);
    const metrics = (await t.call("GET", "/metrics", null)).body as string;
    expect(Number(/^yardstick_quarantined_units (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(2);
    expect(Number(/^yardstick_scheduler_faults_total\{kind="subject"\} (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(4);
    // Their stored states were left as they were (a quarantine never rewrites what it cannot read).
    expect((await t.db.query("SELECT state::text AS s FROM subject_states WHERE subject = $1", [garbage]))[0].s).toBe('{"not":"a state"}');
    // Repaired (here: the garbage row replaced by a real state), it leaves the quarantine at its next retry.
    await t.db.query("UPDATE subject_states SET state = $2::json, due_ms = $3 WHERE subject = $1", [garbage, row.state, Date.now()]);
    await eventually(async () => !(await t.call("GET", "/v1/admin/quarantine")).body.quarantined.some((x: { subject?: string }) => x.subject === garbage), 30_000);
    await t.db.query("DELETE FROM subject_states WHERE subject = $1", [deep]);
  });
});
