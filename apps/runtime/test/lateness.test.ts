/**
 * The lateness bound holds in the runtime's engine path (process-group → stepUnit), not
 * only at request parsing: the engine is told the policy clock the runtime knows (server
 * time, which the scheduler advances units to), so an event older than it by more than
 * the lateness bound is refused with event_too_late even when the subject's stored
 * state has not been advanced (or was dropped as settled), instead of being applied
 * as if in order. Before the unit API the runtime wrapped states with `clock: 0`, which
 * switched this check off. processGroup is called directly with a chosen `now`: the
 * HTTP layer refuses such events earlier, by the same server time.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { normalizeEvent } from "@yardstick/engine";
import { createRuntime, type Runtime } from "../src/app.js";
import type { Database } from "../src/db/database.js";
import { processGroup, Redo, type GroupContext } from "../src/ingest/process-group.js";
import type { IncomingEvent } from "../src/ingest/parse-events.js";
import { testConfig, testDatabase, uid } from "./helpers.js";

const HOUR = 3_600_000;
const LATENESS = 24 * HOUR;
const T = Date.parse("2026-11-20T12:00:00Z");

function incoming(subject: string, t: number): IncomingEvent {
  const raw = { id: uid("ev"), type: "guest.seated", subject, time: new Date(t).toISOString(), data: { partySize: 2 } };
  const n = normalizeEvent(raw, "");
  if (!n.ok) throw new Error(JSON.stringify(n.diagnostics));
  return { event: n.value, body: { ...raw, data: raw.data }, pointer: "" };
}

describe("lateness in the engine path", () => {
  let db: Database;
  let rt: Runtime;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const d = await testDatabase("pglite");
    db = d.db;
    drop = d.drop;
    rt = await createRuntime(testConfig(d.config, { scheduler: { enabled: false, pollMs: 1000, batch: 10 } }), { db });
  });
  afterAll(async () => {
    await rt.close();
    await drop();
  });

  const run = (events: IncomingEvent[], now: number) => {
    // No earlier faults in this group; suspension far away (this test is about lateness).
    const ctx: GroupContext = { db, policies: rt.services.policies, latenessMs: LATENESS, now, refused: new Map(), skips: new Map(), faults: [], suspendAfter: 1_000 };
    return db.transaction((tx) => processGroup(tx, [{ events, duplicates: 0 }], ctx));
  };
  const refusal = async (p: Promise<unknown>) => {
    const err = await p.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Redo);
    return (err as Redo).error;
  };

  it("accepts an in-order event, then refuses one older than now − lateness for the stored subject", async () => {
    const s = uid("visit");
    const ok = await run([incoming(s, T)], T);
    expect(ok.outcomes[0]).toMatchObject({ ok: true, accepted: 1 });
    // 48 h later the subject's stored clock is still T; an event at T + 1 h is 47 h old.
    const e = await refusal(run([incoming(s, T + HOUR)], T + 48 * HOUR));
    expect(e.code).toBe("event_too_late");
    expect(e.status).toBe(400);
    expect((await db.query("SELECT count(*)::int AS n FROM events WHERE body->>'subject' = $1", [s]))[0].n).toBe(1);
  });

  it("refuses an event older than now − lateness for a subject with no stored state (never seen, or settled and dropped)", async () => {
    const s = uid("visit");
    const e = await refusal(run([incoming(s, T - 25 * HOUR)], T));
    expect(e.code).toBe("event_too_late");
    expect((await db.query("SELECT count(*)::int AS n FROM subject_states WHERE subject = $1", [s]))[0].n).toBe(0);
  });

  it("still accepts an event just inside the bound", async () => {
    const s = uid("visit");
    const r = await run([incoming(s, T - 23 * HOUR)], T);
    expect(r.outcomes[0]).toMatchObject({ ok: true, accepted: 1 });
  });
});
