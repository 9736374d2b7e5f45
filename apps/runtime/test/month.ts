/**
 * A generated month of two sites, for the report, board and export tests: November 2026
 * in Asia/Shanghai, every day at 07:30 local time (23:30 UTC the day before), six
 * tickets, each its own subject, with `data.site` on its events:
 *
 * | site    | standard (limit, severity) | elapsed | outcome           |
 * |---------|----------------------------|---------|-------------------|
 * | store-7 | S1 (5 min, major)          | 2 min   | met               |
 * | store-7 | S1                         | 8 min   | breached, 3 min over |
 * | store-7 | S2 (10 min, minor)         | 12 min  | breached, 2 min over |
 * | store-8 | S1                         | 1 min   | met               |
 * | store-8 | S2                         | 6 min   | met               |
 * | store-8 | S2                         | 11 min  | breached, 1 min over |
 *
 * So each day: 6 obligations, 3 met, 3 breached, 6 overrun minutes; the figures of each
 * grouping are worked out by hand in reports.test.ts.
 */
export const MONTH_POLICY = {
  id: "month-report",
  title: "Two tickets, two limits",
  timezone: "Asia/Shanghai",
  events: {
    "s1.opened": { description: "S1 ticket opened" },
    "s1.closed": { description: "S1 ticket closed" },
    "s2.opened": { description: "S2 ticket opened" },
    "s2.closed": { description: "S2 ticket closed" },
  },
  standards: [
    { id: "S1", kind: "timing", title: "Close an S1 ticket within 5 minutes", start: "s1.opened", stop: "s1.closed", within: "PT5M", severity: "major" },
    { id: "S2", kind: "timing", title: "Close an S2 ticket within 10 minutes", start: "s2.opened", stop: "s2.closed", within: "PT10M", severity: "minor" },
  ],
};

export const MONTH_TICKETS: Array<{ site: string; standard: "S1" | "S2"; minutes: number }> = [
  { site: "store-7", standard: "S1", minutes: 2 },
  { site: "store-7", standard: "S1", minutes: 8 },
  { site: "store-7", standard: "S2", minutes: 12 },
  { site: "store-8", standard: "S1", minutes: 1 },
  { site: "store-8", standard: "S2", minutes: 6 },
  { site: "store-8", standard: "S2", minutes: 11 },
];

/** The month's events (360), in time order. */
export function monthEvents(prefix: string): Array<{ id: string; type: string; subject: string; time: string; data: { site: string } }> {
  const out = [];
  for (let day = 1; day <= 30; day++) {
    // 07:30 in Shanghai (UTC+8) is 23:30 UTC the day before.
    const start = Date.UTC(2026, 10, day, 7, 30) - 8 * 3_600_000;
    for (const [n, t] of MONTH_TICKETS.entries()) {
      const subject = `${prefix}-${day}-${n}`;
      const type = t.standard.toLowerCase();
      const data = { site: t.site };
      out.push({ id: `${subject}-open`, type: `${type}.opened`, subject, time: new Date(start + n * 1000).toISOString(), data });
      out.push({ id: `${subject}-close`, type: `${type}.closed`, subject, time: new Date(start + n * 1000 + t.minutes * 60_000).toISOString(), data });
    }
  }
  return out.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
}

/** The month lies in the past (a month ago when written): the test servers accept events up to 5 years old. */
export const MONTH_LATENESS_MS = 5 * 365 * 86_400_000;
