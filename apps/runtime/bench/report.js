// `npm run bench:report -w @yardstick/runtime` (root: `npm run bench:runtime:report`).
// The compliance report (GET /v1/reports/compliance's SQL) over many generated
// decisions on PostgreSQL, in a schema of its own (dropped at the end):
//   - N decisions (BENCH_REPORT_DECISIONS, default 1,000,000) of one policy over a year:
//     obligations on 10 sites and 3 standards, 80 % met (one decision), 20 % breached
//     (the breach and the late stop: two decisions of one obligation);
//   - VACUUM ANALYZE (as autovacuum would after the inserts), then the year's report by
//     day, week, site and standard, 5 runs each; the median is printed.
// Baseline in the same run: `count(*)` over the same outcome rows of the year (what a
// scan of the index alone costs); `ratio` = report / baseline.
// The goal (issue 13) is 10M decisions < 1 s; set BENCH_REPORT_DECISIONS=10000000 to
// try it (about 10 min of inserts here).
import pg from "pg";
import { openDatabase } from "../dist/db/database.js";
import { migrate } from "../dist/db/migrations.js";
import { complianceReport } from "../dist/reports/compliance.js";

const PG_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const N = Number(process.env.BENCH_REPORT_DECISIONS ?? 1_000_000);
const RUNS = 5;
const YEAR_START = Date.parse("2026-01-01T00:00:00Z");
const YEAR_MS = 365 * 86_400_000;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x) => Math.round(x * 10) / 10;

async function main() {
  const schema = `bench_report_${process.pid}`;
  const db = await openDatabase({ kind: "postgres", url: PG_URL, schema });
  try {
    await migrate(db);
    const obligations = Math.round(N / 1.2);
    const t0 = performance.now();
    // Obligation i: at spread over the year; every 5th breached (a breach 5 min after its
    // start and a late stop 3 min after that), the others met after 1–4 minutes.
    for (let from = 0; from < obligations; from += 200_000) {
      const to = Math.min(obligations, from + 200_000);
      await db.query(
        `INSERT INTO decisions (id, policy, version, standard, subject, status, at, retracted, obligation, elapsed_ms, over_by_ms, severity, site, body)
         SELECT 'd' || i || '-' || k, 'bench-report', 1, 'S' || (i % 3), 'v' || i, CASE WHEN i % 5 = 0 THEN 'breached' ELSE 'met' END,
           to_timestamp(($1::bigint + (i::bigint * $2::bigint / $3::bigint) + k * 180000) / 1000.0), false, 'S' || (i % 3) || '|v' || i || '|#e' || i,
           CASE WHEN i % 5 = 0 THEN 300000 + k * 180000 ELSE 60000 + (i % 4) * 60000 END, CASE WHEN i % 5 = 0 THEN k * 180000 END,
           CASE WHEN i % 3 = 0 THEN 'major' ELSE 'minor' END, 'store-' || (i % 10), '{}'::json
         FROM generate_series($4::int, $5::int - 1) AS i, generate_series(0, 1) AS k
         WHERE k = 0 OR i % 5 = 0`,
        [YEAR_START, YEAR_MS, obligations, from, to],
      );
    }
    const [{ n }] = await db.query("SELECT count(*)::int AS n FROM decisions");
    const insertSeconds = (performance.now() - t0) / 1000;
    await db.query("VACUUM ANALYZE decisions");
    out({ figure: "report decisions stored", decisions: n, obligations, insertSeconds: round(insertSeconds) });

    const from = YEAR_START;
    const to = YEAR_START + YEAR_MS;
    const baseline = [];
    for (let r = 0; r < RUNS; r++) {
      const s = performance.now();
      await db.query("SELECT count(*) FROM decisions WHERE policy = 'bench-report' AND status IN ('met', 'breached') AND at >= $1 AND at < $2", [new Date(from).toISOString(), new Date(to).toISOString()]);
      baseline.push(performance.now() - s);
    }
    out({ figure: "baseline: count(*) of the year's outcome decisions", ms: round(median(baseline)) });
    for (const groupBy of ["day", "week", "site", "standard"]) {
      const times = [];
      let groups = 0;
      for (let r = 0; r < RUNS; r++) {
        const s = performance.now();
        const rep = await complianceReport(db, { policy: "bench-report", from, to, groupBy, tz: "Asia/Shanghai" }, 10_000);
        times.push(performance.now() - s);
        groups = rep.groups.length;
        if (rep.total.obligations !== obligations) throw new Error(`report counted ${rep.total.obligations} obligations, generated ${obligations}`);
      }
      const ms = median(times);
      out({ figure: `compliance report, a year by ${groupBy}`, decisions: n, groups, ms: round(ms), ratio: round(ms / median(baseline)), goal: "10M decisions < 1000 ms" });
    }
  } finally {
    await db.close();
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await c.end();
  }
}

function out(figure) {
  process.stdout.write(`${JSON.stringify(figure)}\n`);
}

await main();
