/**
 * Issue 13: the live board (GET /v1/open) and the streamed exports (GET /v1/events,
 * GET /v1/decisions/export) over real HTTP, on PGlite and PostgreSQL.
 *
 * The export test is the auditor's replay: the generated month (test/month.ts) is sent,
 * its events are exported as NDJSON, replayed with the engine (replayEvents, as
 * `yardstick replay` does), and the decisions must equal the runtime's stored effective
 * ones; the decision export must hold exactly those.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { compilePolicy, replayEvents, type Decision, type YardstickEvent } from "@yardstick/engine";
import { BACKENDS, comparable, effectiveOf, eventually, startServerForSuite } from "./helpers.js";
import { MONTH_LATENESS_MS, MONTH_POLICY, monthEvents } from "./month.js";

const BOARD_POLICY = {
  id: "board",
  title: "Board",
  events: { "t.opened": { description: "opened" }, "t.closed": { description: "closed" } },
  standards: [{ id: "B1", kind: "timing", title: "Close within 10 minutes", start: "t.opened", stop: "t.closed", within: "PT10M", warnBefore: "PT9M", severity: "major" }],
};

const iso = (ms: number) => new Date(ms).toISOString();
const at = (ms: number) => encodeURIComponent(iso(ms));

describe.each(BACKENDS)("live board and exports (%s)", (backend) => {
  const t = startServerForSuite(backend, { config: () => ({ latenessMs: MONTH_LATENESS_MS, policiesDir: null }) });
  // Whole seconds: the figures below are exact.
  const T = Math.floor(Date.now() / 1000) * 1000;

  beforeAll(async () => {
    for (const p of [BOARD_POLICY, MONTH_POLICY]) {
      expect((await t.call("POST", `/v1/policies/${p.id}/versions`, undefined, { policy: p, message: "board and export" })).status).toBe(201);
      expect((await t.call("POST", `/v1/policies/${p.id}/activate`, undefined, { version: 1 })).status).toBe(200);
    }
    const events = [
      // b1: opened 5 min ago: its warning (1 min after opening) has fired; due in 5 min.
      { id: "b1-open", type: "t.opened", subject: "b1", time: iso(T - 300_000), data: { site: "store-7" } },
      // b2: opened 10 s ago: warning in 50 s, due in 9 min 50 s.
      { id: "b2-open", type: "t.opened", subject: "b2", time: iso(T - 10_000), data: { site: "store-8" } },
      // b3: closed: not on the board.
      { id: "b3-open", type: "t.opened", subject: "b3", time: iso(T - 60_000), data: { site: "store-8" } },
      { id: "b3-close", type: "t.closed", subject: "b3", time: iso(T - 30_000), data: { site: "store-8" } },
    ];
    expect((await t.call("POST", "/v1/events", undefined, { events })).body.accepted).toBe(4);
    expect((await t.call("POST", "/v1/events", undefined, { events: monthEvents("x") })).body.accepted).toBe(360);
    // The scheduler fires b1's overdue warning at once.
    await eventually(async () => (await t.call("GET", "/v1/decisions?subject=b1&status=warning")).body.decisions.length === 1);
  });

  const b1 = (asOf: number) => ({
    policy: "board",
    version: 1,
    standard: "B1",
    subject: "b1",
    obligation: "B1|b1|#b1-open",
    key: "B1",
    site: "store-7",
    severity: "major",
    startedAt: iso(T - 300_000),
    dueAt: iso(T + 300_000),
    timeLeftMs: T + 300_000 - asOf,
    elapsedMs: asOf - (T - 300_000),
    state: "warning",
  });
  const b2 = (asOf: number) => ({
    ...b1(asOf),
    subject: "b2",
    obligation: "B1|b2|#b2-open",
    site: "store-8",
    startedAt: iso(T - 10_000),
    dueAt: iso(T + 590_000),
    timeLeftMs: T + 590_000 - asOf,
    elapsedMs: asOf - (T - 10_000),
    state: "running",
  });
  const bySubject = (xs: Array<{ subject: string }>) => [...xs].sort((a, b) => (a.subject < b.subject ? -1 : 1));

  it("lists what runs now with due time, time left and warning state, per site", async () => {
    const r = await t.call("GET", `/v1/open?policy=board&at=${at(T)}`);
    expect(r.status).toBe(200);
    expect([r.body.at, bySubject(r.body.open), r.body.hasMore, r.body.nextCursor]).toEqual([iso(T), [b1(T), b2(T)], false, null]);
    const store8 = await t.call("GET", `/v1/open?policy=board&site=store-8&at=${at(T)}`);
    expect(store8.body.open).toEqual([b2(T)]);
    // Twenty minutes on, both are past their due time (as of ?at; the runtime has not fired them yet).
    const later = T + 1_200_000;
    expect(bySubject((await t.call("GET", `/v1/open?policy=board&at=${at(later)}`)).body.open)).toEqual([
      { ...b1(later), state: "overdue" },
      { ...b2(later), state: "overdue" },
    ]);
  });

  it("pages by due time with a cursor", async () => {
    // One subject a page: b1, b2 and b3 (closed, kept until its lateness passes: a page without obligations).
    const pages = [];
    let cursor = "";
    for (;;) {
      const r = await t.call("GET", `/v1/open?policy=board&limit=1&at=${at(T)}${cursor ? `&cursor=${cursor}` : ""}`);
      pages.push(r.body.open);
      if (!r.body.hasMore) break;
      cursor = r.body.nextCursor;
    }
    expect(pages.map((p) => p.length).sort()).toEqual([0, 1, 1]);
    expect(bySubject(pages.flat())).toEqual([b1(T), b2(T)]);
    const bad = await t.call("GET", "/v1/open?cursor=nope");
    expect([bad.status, bad.body.error.details.path]).toEqual([400, "?cursor"]);
  });

  it("exports a month of events as NDJSON; replayed by the engine they give the stored effective decisions", async () => {
    const r = await fetch(`${t.url}/v1/events?from=${encodeURIComponent("2026-11-01T00:00:00+08:00")}&to=${encodeURIComponent("2026-12-01T00:00:00+08:00")}`, { headers: { authorization: `Bearer ${(await adminKey())}` } });
    expect([r.status, r.headers.get("content-type")]).toEqual([200, "application/x-ndjson; charset=utf-8"]);
    const events = (await r.text()).trim().split("\n").map((l) => JSON.parse(l) as YardstickEvent);
    expect(events).toEqual(monthEvents("x"));
    const compiled = compilePolicy(MONTH_POLICY, { version: 1 });
    if (!compiled.ok) throw new Error("month policy does not compile");
    const replayed = replayEvents(compiled.value, events);
    const stored = (await effectiveOf(t)).filter((d) => d.policy === MONTH_POLICY.id);
    // 30 days × (3 met + 3 breaches + 3 late stops).
    expect(stored.length).toBe(270);
    expect(comparable(replayed)).toEqual(comparable(stored));
    const exported = await t.call("GET", `/v1/decisions/export?policy=${MONTH_POLICY.id}&effective=true`);
    const lines = (exported.body as string).trim().split("\n").map((l) => JSON.parse(l) as Decision);
    expect(comparable(lines)).toEqual(comparable(stored));
  });

  it("exports as CSV (by ?format or Accept), filtered by type and subject", async () => {
    const csv = await t.call("GET", "/v1/events?format=csv&subject=b3");
    expect([csv.headers.get("content-type"), csv.body]).toEqual([
      "text/csv; charset=utf-8",
      `id,type,subject,time,data\r\nb3-open,t.opened,b3,${iso(T - 60_000)},"{""site"":""store-8""}"\r\nb3-close,t.closed,b3,${iso(T - 30_000)},"{""site"":""store-8""}"\r\n`,
    ]);
    const closes = await t.call("GET", "/v1/events?type=t.closed", undefined, undefined, { accept: "text/csv" });
    expect(closes.body).toBe(`id,type,subject,time,data\r\nb3-close,t.closed,b3,${iso(T - 30_000)},"{""site"":""store-8""}"\r\n`);
    const d = await t.call("GET", "/v1/decisions/export?format=csv&subject=b3&effective=true");
    const [header, row, end] = (d.body as string).split("\r\n");
    expect([header, end]).toEqual(["id,policy,version,standard,subject,obligation,key,status,startedAt,dueAt,at,elapsedMs,overByMs,severity,reasons,events,retracted,supersedes", ""]);
    expect(row?.split(",").slice(1, 14)).toEqual(["board", "1", "B1", "b3", "B1|b3|#b3-open", "B1", "met", iso(T - 60_000), iso(T + 540_000), iso(T - 30_000), "30000", "", "major"]);
  });

  it("refuses an unknown format (400) and an Accept it cannot give (406)", async () => {
    const bad = await t.call("GET", "/v1/events?format=xml");
    expect([bad.status, bad.body.error.code, bad.body.error.details.path]).toEqual([400, "invalid_request", "?format"]);
    const none = await t.call("GET", "/v1/decisions/export", undefined, undefined, { accept: "image/png" });
    expect([none.status, none.body.error.code]).toEqual([406, "not_acceptable"]);
  });

  async function adminKey(): Promise<string> {
    return (await import("./helpers.js")).ADMIN_KEY;
  }
});
