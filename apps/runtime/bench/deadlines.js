// Breach lag: open `count` deadlines that fall due spread over a minute, after loading
// has finished, then measure recorded_at − dueAt of every breach.
import http from "node:http";

const LEAD_MS = 40_000;
const SPREAD_MS = 60_000;
const WITHIN_MS = 5 * 60_000;
const BATCH = 1000;

export async function loadDeadlines({ port, key, count, runId }) {
  const t0 = Date.now();
  const firstDue = t0 + LEAD_MS;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  const post = (body) =>
    new Promise((resolve, reject) => {
      const req = http.request(
        { host: "127.0.0.1", port, path: "/v1/events", method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), authorization: `Bearer ${key}` } },
        (res) => {
          const chunks = [];
          res.on("data", (c) => chunks.push(c));
          res.on("end", () => (res.statusCode === 200 ? resolve() : reject(new Error(`${res.statusCode} ${Buffer.concat(chunks).toString().slice(0, 300)}`))));
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < count) {
        const from = next;
        next = Math.min(count, next + BATCH);
        const events = [];
        for (let i = from; i < next; i++) {
          const due = firstDue + Math.floor((i / count) * SPREAD_MS);
          events.push({ id: `lag-${runId}-${i}`, type: "bench.opened", subject: `lag/${runId}/${i}`, time: new Date(due - WITHIN_MS).toISOString() });
        }
        await post(JSON.stringify({ events }));
      }
    }),
  );
  agent.destroy();
  const loadSeconds = (Date.now() - t0) / 1000;
  return { runId, count, firstDue, lastDue: firstDue + SPREAD_MS, loadSeconds, spreadSeconds: SPREAD_MS / 1000, loadedBeforeFirstDue: Date.now() < firstDue };
}

/** p50/p99/max of recorded_at − dueAt over the run's breaches (query: (sql, params) → rows). */
export async function measureLag(query, plan) {
  const rows = await query(
    `SELECT (extract(epoch FROM (recorded_at - (body->>'dueAt')::timestamptz)) * 1000)::float8 AS lag
     FROM decisions WHERE status = 'breached' AND subject LIKE $1 ORDER BY 1`,
    [`lag/${plan.runId}/%`],
  );
  const lags = rows.map((r) => Number(r.lag));
  const q = (p) => (lags.length ? Math.round(lags[Math.min(lags.length - 1, Math.floor(p * lags.length))]) : null);
  return { breaches: lags.length, missing: plan.count - lags.length, loadedBeforeFirstDue: plan.loadedBeforeFirstDue, p50Ms: q(0.5), p99Ms: q(0.99), maxMs: lags.length ? Math.round(lags[lags.length - 1]) : null };
}
