/**
 * Issue 13, compliance reports over real HTTP on PGlite and PostgreSQL: the generated
 * month of two sites (test/month.ts) is sent as events, and GET /v1/reports/compliance
 * must give the figures worked out by hand below.
 *
 * Per day (6 tickets): elapsed 1, 2, 6, 8, 11, 12 min; 3 met, 3 breached; overrun
 * 3 + 2 + 1 = 6 min. percentile_cont over n sorted values takes position p·(n−1) and
 * interpolates: p50 at 2.5 → (6 + 8) / 2 = 7 min; p90 at 4.5 → 11 + 0.5 · 1 = 11.5 min.
 * Over the month each value appears 30 times:
 * - store-7: {2, 8, 12} × 30 → 90, 30 met, 60 breached, overrun 30 · (3 + 2) = 150;
 *   p50 at 44.5 → 8 min (indices 30–59 are 8), p90 at 80.1 → 12 min.
 * - store-8: {1, 6, 11} × 30 → 90, 60 met, 30 breached, overrun 30; p50 6, p90 11 min.
 * - S1 (major): {1, 2, 8} → 90, 60 met, 30 breached, overrun 90; p50 2, p90 8 min.
 * - S2 (minor): {6, 11, 12} → 90, 30 met, 60 breached, overrun 90; p50 11, p90 12 min.
 * - total: 180, 90 met, 90 breached, overrun 180; p50 at 89.5 → (6 + 8) / 2 = 7 min,
 *   p90 at 161.1 → 12 min (indices 150–179).
 * Days in Asia/Shanghai (the policy's zone, the default) are Nov 1–30; in UTC every
 * ticket falls the day before (07:30 local is 23:30 UTC): Oct 31–Nov 29. Weeks start on
 * Monday: Nov 1 2026 is a Sunday, so the weeks are Oct 26 (1 day), Nov 2, 9, 16, 23
 * (7 days each) and Nov 30 (1 day).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { BACKENDS, eventually, startServerForSuite } from "./helpers.js";
import { MONTH_LATENESS_MS, MONTH_POLICY, monthEvents } from "./month.js";

const MIN = 60_000;
const FROM = "2026-11-01T00:00:00%2B08:00";
const TO = "2026-12-01T00:00:00%2B08:00";
const row = (group: string | null, obligations: number, met: number, p50: number, p90: number, overrunMinutes: number) => ({
  group,
  obligations,
  met,
  breached: obligations - met,
  shareMet: met / obligations,
  p50ElapsedMs: p50 * MIN,
  p90ElapsedMs: p90 * MIN,
  overrunMinutes,
});
const DAY = (group: string) => row(group, 6, 3, 7, 11.5, 6);
const TOTAL = row(null, 180, 90, 7, 12, 180);

describe.each(BACKENDS)("compliance report (%s)", (backend) => {
  const t = startServerForSuite(backend, { config: () => ({ latenessMs: MONTH_LATENESS_MS, policiesDir: null }) });
  const report = async (query: string, key?: string) => t.call("GET", `/v1/reports/compliance?policy=month-report&from=${FROM}&to=${TO}${query}`, key);

  beforeAll(async () => {
    expect((await t.call("POST", `/v1/policies/${MONTH_POLICY.id}/versions`, undefined, { policy: MONTH_POLICY, message: "report month" })).status).toBe(201);
    expect((await t.call("POST", `/v1/policies/${MONTH_POLICY.id}/activate`, undefined, { version: 1 })).status).toBe(200);
    const r = await t.call("POST", "/v1/events", undefined, { events: monthEvents("m") });
    expect([r.status, r.body.accepted]).toEqual([200, 360]);
  });

  it("by day, in the policy's zone", async () => {
    const r = await report("&groupBy=day");
    expect(r.status).toBe(200);
    const days = Array.from({ length: 30 }, (_, i) => DAY(`2026-11-${String(i + 1).padStart(2, "0")}`));
    expect(r.body).toEqual({ policy: "month-report", standard: null, from: "2026-10-31T16:00:00.000Z", to: "2026-11-30T16:00:00.000Z", groupBy: "day", tz: "Asia/Shanghai", groups: days, total: TOTAL });
  });

  it("by day in UTC: every ticket falls the day before", async () => {
    const r = await report("&groupBy=day&tz=UTC");
    const days = ["2026-10-31", ...Array.from({ length: 29 }, (_, i) => `2026-11-${String(i + 1).padStart(2, "0")}`)].map(DAY);
    expect([r.body.tz, r.body.groups, r.body.total]).toEqual(["UTC", days, TOTAL]);
  });

  it("by week (Monday first)", async () => {
    const r = await report("&groupBy=week");
    const week = (group: string, days: number) => ({ ...DAY(group), obligations: 6 * days, met: 3 * days, breached: 3 * days, overrunMinutes: 6 * days });
    // A week of n whole days: n copies of each value; p50 and p90 fall as in the month.
    const weeks = [week("2026-10-26", 1), { ...week("2026-11-02", 7), p90ElapsedMs: 12 * MIN }, { ...week("2026-11-09", 7), p90ElapsedMs: 12 * MIN }, { ...week("2026-11-16", 7), p90ElapsedMs: 12 * MIN }, { ...week("2026-11-23", 7), p90ElapsedMs: 12 * MIN }, week("2026-11-30", 1)];
    expect([r.body.groups, r.body.total]).toEqual([weeks, TOTAL]);
  });

  it("by site, from the events' data.site", async () => {
    const r = await report("&groupBy=site");
    expect([r.body.groups, r.body.total]).toEqual([[row("store-7", 90, 30, 8, 12, 150), row("store-8", 90, 60, 6, 11, 30)], TOTAL]);
  });

  it("by standard and by severity; one standard alone", async () => {
    const s1 = row("S1", 90, 60, 2, 8, 90);
    const s2 = row("S2", 90, 30, 11, 12, 90);
    expect((await report("&groupBy=standard")).body.groups).toEqual([s1, s2]);
    expect((await report("&groupBy=severity")).body.groups).toEqual([
      { ...s1, group: "major" },
      { ...s2, group: "minor" },
    ]);
    const only = await report("&groupBy=site&standard=S2");
    // S2 at store-7: 12 min × 30 (breached, 2 over); at store-8: 6 and 11 min × 30 (11 breached, 1 over).
    expect([only.body.standard, only.body.groups, only.body.total]).toEqual([
      "S2",
      [row("store-7", 30, 0, 12, 12, 60), row("store-8", 60, 30, 8.5, 11, 30)],
      row(null, 90, 30, 11, 12, 90),
    ]);
  });

  it("an empty window answers zero obligations", async () => {
    const r = await t.call("GET", "/v1/reports/compliance?policy=month-report&from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z&groupBy=site");
    expect([r.status, r.body.groups, r.body.total]).toEqual([200, [], { group: null, obligations: 0, met: 0, breached: 0, shareMet: null, p50ElapsedMs: null, p90ElapsedMs: null, overrunMinutes: 0 }]);
  });

  it("counts the effective outcome: a breach superseded by a late stop that came in time is met", async () => {
    // October: an S1 ticket opened 10:00 UTC; its stop (10:03, in time) arrives only
    // after the scheduler has recorded the breach (due 10:05): the late event replaces
    // the breach with a met of 3 min.
    const open = { id: "late-open", type: "s1.opened", subject: "late", time: "2026-10-15T10:00:00Z", data: { site: "store-9" } };
    expect((await t.call("POST", "/v1/events", undefined, open)).status).toBe(200);
    await eventually(async () => (await t.call("GET", "/v1/decisions?subject=late&status=breached")).body.decisions.length === 1);
    expect((await t.call("POST", "/v1/events", undefined, { ...open, id: "late-close", type: "s1.closed", time: "2026-10-15T10:03:00Z" })).status).toBe(200);
    const r = await t.call("GET", "/v1/reports/compliance?policy=month-report&from=2026-10-01T00:00:00Z&to=2026-10-31T00:00:00Z&groupBy=site");
    expect([r.body.groups, r.body.total]).toEqual([[row("store-9", 1, 1, 3, 3, 0)], row(null, 1, 1, 3, 3, 0)]);
  });

  it("refuses bad parameters naming them", async () => {
    const bad = async (query: string) => {
      const r = await t.call("GET", `/v1/reports/compliance?${query}`);
      return [r.status, r.body.error.code, r.body.error.details.path];
    };
    expect(await bad(`from=${FROM}&to=${TO}&groupBy=month`)).toEqual([400, "invalid_request", "?groupBy"]);
    expect(await bad(`from=${FROM}&to=${TO}&tz=Mars/Olympus`)).toEqual([400, "invalid_request", "?tz"]);
    expect(await bad(`to=${TO}`)).toEqual([400, "invalid_request", "?from"]);
    expect(await bad(`from=${TO}&to=${FROM}`)).toEqual([400, "invalid_request", "?to"]);
    expect(await bad(`from=2020-01-01T00:00:00Z&to=${TO}`)).toEqual([400, "limit_exceeded", "?to"]);
    expect(await bad(`policy=nope&from=${FROM}&to=${TO}`)).toEqual([404, "not_found", "?policy"]);
    expect(await bad(`policy=nope&from=${FROM}&to=${TO}&tz=UTC`)).toEqual([404, "not_found", "?policy"]);
  });
});
