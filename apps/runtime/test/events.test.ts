/**
 * POST /v1/events over real HTTP, on PGlite and on PostgreSQL: acknowledgement after
 * commit, idempotency by id, refusals that name the field and store nothing, and late
 * events that end where a replay ends.
 */
import { describe, expect, it } from "vitest";
import { effectiveDecisions, replayEvents, type Decision, type YardstickEvent } from "@yardstick/engine";
import { BACKENDS, comparable, settled, isoFromNow, startServerForSuite, uid } from "./helpers.js";

const MIN = 60_000;

describe.each(BACKENDS)("POST /v1/events (%s)", (backend) => {
  const t = startServerForSuite(backend);

  const count = async (ids: string[]) => Number((await t.db.query("SELECT count(*)::int AS n FROM events WHERE id = ANY($1::text[])", [ids]))[0].n);
  const policy = () => t.runtime.services.policies.compiledVersion("restaurant-dining", 1);

  it("stores a batch and answers with the decisions its events made", async () => {
    const s = uid("visit");
    const events: YardstickEvent[] = [
      { id: uid(), type: "guest.seated", subject: s, time: isoFromNow(-5 * MIN), data: { partySize: 2 } },
      { id: uid(), type: "guest.greeted", subject: s, time: isoFromNow(-4 * MIN) },
    ];
    const r = await t.call("POST", "/v1/events", undefined, { events });
    const made = replayEvents(await policy(), events).filter((d) => d.standard === "R1");
    expect(r).toMatchObject({ status: 200, body: { accepted: 2, duplicates: 0 } });
    expect(comparable(r.body.decisions)).toEqual(comparable(made));
    expect(await count(events.map((e) => e.id))).toBe(2);
  });

  it("is idempotent by id: the same events again are duplicates and change nothing", async () => {
    const e: YardstickEvent = { id: uid(), type: "guest.seated", subject: uid("visit"), time: isoFromNow(-1 * MIN) };
    expect((await t.call("POST", "/v1/events", undefined, e)).body).toEqual({ accepted: 1, duplicates: 0, decisions: [] });
    const before = await t.db.query("SELECT state FROM subject_states WHERE subject = $1", [e.subject]);
    expect((await t.call("POST", "/v1/events", undefined, { events: [e, e] })).body).toEqual({ accepted: 0, duplicates: 2, decisions: [] });
    // Key order does not make a different event.
    const reordered = { time: e.time, subject: e.subject, type: e.type, id: e.id, data: {} };
    expect((await t.call("POST", "/v1/events", undefined, reordered)).body).toEqual({ accepted: 0, duplicates: 1, decisions: [] });
    expect(await t.db.query("SELECT state FROM subject_states WHERE subject = $1", [e.subject])).toEqual(before);
    expect(await count([e.id])).toBe(1);
  });

  it("names the event types no active policy takes, with a did-you-mean; stores them all the same", async () => {
    const s = uid("visit");
    const events: YardstickEvent[] = [
      { id: uid(), type: "guest.seated", subject: s, time: isoFromNow(-2 * MIN) },
      { id: uid(), type: "guest.greetd", subject: s, time: isoFromNow(-1 * MIN) },
      { id: uid(), type: "guest.greetd", subject: s, time: isoFromNow(-1 * MIN) },
      { id: uid(), type: "zzz.qqq", subject: s, time: isoFromNow(-1 * MIN) },
    ];
    const counted = async () => Number(/^yardstick_events_unknown_type_total (\d+)/m.exec(String((await t.call("GET", "/metrics", null)).body))?.[1] ?? 0);
    const before = await counted();
    const r = await t.call("POST", "/v1/events", undefined, { events });
    expect(r.body).toMatchObject({ accepted: 4, duplicates: 0 });
    expect((await counted()) - before).toBe(3);
    // "guest.greetd" is one edit from restaurant-dining's "guest.greeted"; nothing is close to "zzz.qqq".
    expect(r.body.unknownTypes).toEqual([
      { type: "guest.greetd", events: 2, didYouMean: "guest.greeted" },
      { type: "zzz.qqq", events: 1 },
    ]);
    expect(await count(events.map((e) => e.id))).toBe(4);
  });

  it("refuses an id stored with different content (409) and stores nothing of that request", async () => {
    const e: YardstickEvent = { id: uid(), type: "guest.seated", subject: uid("visit"), time: isoFromNow(-1 * MIN) };
    await t.call("POST", "/v1/events", undefined, e);
    const other = { id: uid(), type: "guest.greeted", subject: e.subject, time: isoFromNow(-30_000) };
    const r = await t.call("POST", "/v1/events", undefined, { events: [other, { ...e, data: { vip: true } }] });
    expect(r).toMatchObject({ status: 409, body: { error: { code: "event_conflict", details: { path: "/events/1/id", id: e.id } } } });
    expect(await count([other.id])).toBe(0);
    const inOne = await t.call("POST", "/v1/events", undefined, { events: [other, { ...other, subject: "elsewhere" }] });
    expect(inOne).toMatchObject({ status: 409, body: { error: { code: "event_conflict", details: { path: "/events/1/id" } } } });
  });

  it("answers 400 naming the field, and stores nothing", async () => {
    const good = { id: uid(), type: "guest.seated", subject: uid("visit"), time: isoFromNow(-MIN) };
    const cases: Array<[unknown, string, string]> = [
      [{ ...good, time: undefined }, "event_invalid", "/time"],
      [{ events: [good, { ...good, id: uid(), type: "Seated" }] }, "event_invalid", "/events/1/type"],
      [{ ...good, colour: "red" }, "event_invalid", "/colour"],
      [{ ...good, data: [] }, "event_invalid", "/data"],
      [{ ...good, data: { note: "a\u0000b" } }, "event_invalid", "/data/note"],
      [{ events: good }, "invalid_request", "/events"],
      [{ events: [], extra: 1 }, "invalid_request", "/extra"],
      [{ ...good, time: isoFromNow(-25 * 60 * MIN) }, "event_too_late", "/time"],
      [{ events: [good, { ...good, id: uid(), time: isoFromNow(2 * MIN) }] }, "event_in_future", "/events/1/time"],
    ];
    for (const [body, code, path] of cases) {
      const r = await t.call("POST", "/v1/events", undefined, body);
      expect([r.status, r.body.error.code, r.body.error.details.path]).toEqual([400, code, path]);
    }
    expect(await count([good.id])).toBe(0);
  });

  it("maps body problems to 400 invalid_json, 413 payload_too_large and 415", async () => {
    const bad = await t.call("POST", "/v1/events", undefined, "{not json");
    expect(bad).toMatchObject({ status: 400, body: { error: { code: "invalid_json", details: {} } } });
    const big = await t.call("POST", "/v1/events", undefined, { events: [], pad: "x".repeat(2 << 20) });
    expect(big).toMatchObject({ status: 413, body: { error: { code: "payload_too_large" } } });
    const text = await t.call("POST", "/v1/events", undefined, "id=1", { "content-type": "text/plain" });
    expect(text).toMatchObject({ status: 415, body: { error: { code: "unsupported_media_type" } } });
  });

  it("late and out-of-order events end with the decisions a replay of them makes", async () => {
    const s = uid("visit");
    const at = (m: number) => isoFromNow((m - 40) * MIN);
    const events: YardstickEvent[] = [
      { id: uid("a"), type: "guest.seated", subject: s, time: at(0) },
      { id: uid("b"), type: "drink.ordered", subject: s, time: at(1), data: { item: "tea" } },
      { id: uid("c"), type: "guest.greeted", subject: s, time: at(1.25) },
      { id: uid("d"), type: "drink.served", subject: s, time: at(6), data: { item: "tea" } },
      { id: uid("e"), type: "food.order-asked", subject: s, time: at(8) },
      { id: uid("f"), type: "food.ordered", subject: s, time: at(9), data: { item: "noodles" } },
      { id: uid("g"), type: "main.served", subject: s, time: at(17), data: { item: "noodles" } },
    ];
    // Seated first (its deadlines fire: R1 breached), then the rest newest first, one
    // per request, with the scheduler firing deadlines in between: outcomes change.
    for (const e of [events[0], ...events.slice(1).reverse()]) {
      expect((await t.call("POST", "/v1/events", undefined, e)).status).toBe(200);
      await t.runtime.services.scheduler.pass(Date.now());
    }
    const want = comparable(effectiveDecisions(replayEvents(await policy(), events)));
    const effective = async () => comparable((await t.call("GET", `/v1/decisions?subject=${encodeURIComponent(s)}&effective=true&limit=1000`)).body.decisions);
    expect(await settled(effective, want)).toEqual(want);
    const all = (await t.call("GET", `/v1/decisions?subject=${encodeURIComponent(s)}&limit=1000`)).body.decisions as Decision[];
    expect(all.some((d) => d.supersedes?.length)).toBe(true);
  });
});
