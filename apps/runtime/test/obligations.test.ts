/**
 * Issue 14 point 9: count obligations, not decisions. Each decision's `obligation` is
 * stored (migration V5) and returned; GET /v1/decisions?distinct=obligation keeps the
 * latest matching decision of each obligation.
 */
import { describe, expect, it } from "vitest";
import type { YardstickEvent } from "@yardstick/engine";
import { BACKENDS, eventually, isoFromNow, startServerForSuite, uid } from "./helpers.js";

const MIN = 60_000;

describe.each(BACKENDS)("obligations (%s)", (backend) => {
  const t = startServerForSuite(backend);

  it("a breach and the late stop of one obligation count once with ?distinct=obligation", async () => {
    // restaurant-dining R1: greet a seated guest within 2 minutes. Seated 10 minutes ago and
    // greeted 5 minutes ago, each guest's one R1 obligation has two breached decisions (worked
    // out with replayEvents by hand): the breach at seated + 2 min and the late stop at
    // seated + 5 min reporting the overrun. Two guests: 4 breached decisions, 2 obligations.
    const seatedAt = isoFromNow(-10 * MIN);
    const greetedAt = isoFromNow(-5 * MIN);
    const guests = [uid("late-a"), uid("late-b")];
    const seatings = new Map<string, string>();
    for (const subject of guests) {
      const seated: YardstickEvent = { id: uid("seated"), type: "guest.seated", subject, time: seatedAt };
      seatings.set(subject, seated.id);
      const r = await t.call("POST", "/v1/events", undefined, { events: [seated, { id: uid("greeted"), type: "guest.greeted", subject, time: greetedAt }] });
      expect(r.status).toBe(200);
    }
    const query = `/v1/decisions?policy=restaurant-dining&standard=R1&status=breached&effective=true&since=${encodeURIComponent(seatedAt)}`;
    // The decision log shows a transaction's decisions once every older transaction of the
    // database has ended (gap-free cursors): on a shared PostgreSQL that can take a moment.
    const all = await eventually(async () => {
      const ds = (await t.call("GET", query)).body.decisions.filter((d: { subject: string }) => guests.includes(d.subject));
      return ds.length >= 4 ? ds : null;
    });
    expect(all).toHaveLength(4);
    // Every decision names its obligation: R1|<subject>|#<start event id>.
    expect(new Set(all.map((d: { obligation: string }) => d.obligation))).toEqual(new Set(guests.map((g) => `R1|${g}|#${seatings.get(g)}`)));
    const counted = (await t.call("GET", `${query}&distinct=obligation`)).body.decisions.filter((d: { subject: string }) => guests.includes(d.subject));
    // One per obligation, the latest: the late stop, at the greeting.
    expect(counted.map((d: { subject: string; obligation: string; at: string }) => [d.subject, d.obligation, d.at])).toEqual(
      guests.map((g) => [g, `R1|${g}|#${seatings.get(g)}`, new Date(greetedAt).toISOString()]),
    );
    // Stored as a column (V5), indexed.
    const rows = await t.db.query("SELECT DISTINCT obligation FROM decisions WHERE subject = ANY($1::text[]) AND standard = 'R1' ORDER BY obligation", [guests]);
    expect(rows.map((r) => r.obligation)).toEqual(guests.map((g) => `R1|${g}|#${seatings.get(g)}`).sort());
    expect((await t.call("GET", `${query}&distinct=subject`)).body.error).toMatchObject({ code: "invalid_request", details: { path: "?distinct" } });
  });

  it("decisions stored before obligations were recorded are returned with obligation null and each counted alone", async () => {
    const subject = uid("old");
    const r = await t.call("POST", "/v1/events", undefined, { events: [{ id: uid(), type: "guest.seated", subject, time: isoFromNow(-10 * MIN) }, { id: uid(), type: "guest.greeted", subject, time: isoFromNow(-5 * MIN) }] });
    expect(r.status).toBe(200);
    // What V5 leaves for a row from before the engine named obligations: no column value, no
    // body field (the append-only trigger is lifted for this rewrite only; migrations.test.ts tests V5 itself).
    await t.db.query("ALTER TABLE decisions DISABLE TRIGGER decisions_append_only");
    await t.db.query("UPDATE decisions SET obligation = NULL, body = (body::jsonb - 'obligation')::json WHERE subject = $1", [subject]);
    await t.db.query("ALTER TABLE decisions ENABLE TRIGGER decisions_append_only");
    const q = `/v1/decisions?subject=${subject}&standard=R1&status=breached&effective=true`;
    const plain = await eventually(async () => {
      const ds = (await t.call("GET", q)).body.decisions;
      return ds.length >= 2 ? ds : null;
    });
    const distinct = (await t.call("GET", `${q}&distinct=obligation`)).body.decisions;
    expect(plain.map((d: { obligation: unknown }) => d.obligation)).toEqual([null, null]);
    expect(distinct).toHaveLength(2);
  });
});
