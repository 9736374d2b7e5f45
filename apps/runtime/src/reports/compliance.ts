/**
 * Compliance reports: per group (day, week, site, severity or standard) how many
 * obligations were met and breached, the share met, p50/p90 of the time taken and the
 * minutes over the limit. One SQL statement over the stored effective decisions, the
 * same on PGlite and PostgreSQL (docs/contracts.md "Reports").
 *
 * What is counted: obligations (Decision.obligation), not decisions. An obligation's
 * outcome decisions are its `met` or `breached` ones that are effective (neither
 * superseded nor retracted); a breached obligation usually has two (the breach at the
 * deadline and the late stop reporting the overrun). The obligation is breached when
 * any of them is, and belongs to the window and group of its first outcome (the met or
 * breach time). Its elapsed time is the largest reported (the late stop's, else the
 * time at the breach), its overrun the largest overByMs. Other statuses (warning, open,
 * cancelled, violation, classified) are not obligations with an outcome here.
 *
 * A late stop comes at most 7 days after its breach (the engine forgets an overdue
 * obligation then, docs/semantics.md), so the scan of breached decisions reaches that
 * far on either side of [from, to) and keeps the obligations whose breach lies inside.
 */
import type { Database } from "../db/database.js";

interface ReportRow {
  total: boolean;
  g: string | null;
  obligations: number;
  met: number;
  breached: number;
  p50: number | null;
  p90: number | null;
  over_ms: number;
}

/** work_mem of the report's statement. */
const REPORT_WORK_MEM = "64MB";

export const GROUP_BYS = ["day", "week", "site", "severity", "standard"] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

export interface ComplianceQuery {
  /** Only this policy (all policies when absent). */
  policy?: string;
  standard?: string;
  /** Epoch ms: first outcome at ≥ from and < to. */
  from: number;
  to: number;
  groupBy: GroupBy;
  /** IANA zone days and weeks are cut in (weeks start on Monday). */
  tz: string;
}

export interface ComplianceRow {
  /** The group's value: a date (YYYY-MM-DD, the week's Monday for week), a site, severity or standard; null when the decisions carry none. */
  group: string | null;
  obligations: number;
  met: number;
  breached: number;
  /** met / obligations, null for an empty group. */
  shareMet: number | null;
  /** Time taken (elapsedMs), median and 90th percentile (continuous), ms; null when no obligation reports it. */
  p50ElapsedMs: number | null;
  p90ElapsedMs: number | null;
  /** Sum over breached obligations of their overrun (overByMs), in minutes. */
  overrunMinutes: number;
}

export interface ComplianceReport {
  groups: ComplianceRow[];
  /** The same figures over every obligation of the report. */
  total: ComplianceRow;
}

/** The engine keeps an overdue obligation this long for its late stop (OVERDUE_KEPT_MS in the timing kind). */
const LATE_STOP_MS = 7 * 86_400_000;

/** SQL of each group key, over the per-obligation row `o` ($tz is the zone parameter). */
const GROUP_SQL: Record<GroupBy, (tz: string) => string> = {
  day: (tz) => `(o.first_at AT TIME ZONE ${tz})::date`,
  week: (tz) => `date_trunc('week', o.first_at AT TIME ZONE ${tz})::date`,
  site: () => "o.site",
  severity: () => "o.severity",
  standard: () => "o.standard",
};

/**
 * Runs the report. At most `maxGroups` groups (+1 to tell the caller there were more).
 * @example await complianceReport(db, { policy: "restaurant-dining", from, to, groupBy: "day", tz: "Asia/Shanghai" }, 10_000)
 */
export async function complianceReport(db: Database, r: ComplianceQuery, maxGroups: number): Promise<ComplianceReport & { truncated: boolean }> {
  // $1..$4: the window, and the window widened by the late-stop reach (breaches only).
  const params: unknown[] = [new Date(r.from).toISOString(), new Date(r.to).toISOString(), new Date(r.from - LATE_STOP_MS).toISOString(), new Date(r.to + LATE_STOP_MS).toISOString()];
  const common = ["NOT d.retracted", "NOT EXISTS (SELECT 1 FROM supersessions s WHERE s.decision_id = d.id)"];
  if (r.policy !== undefined) {
    params.push(r.policy);
    common.push(`d.policy = $${params.length}`);
  }
  if (r.standard !== undefined) {
    params.push(r.standard);
    common.push(`d.standard = $${params.length}`);
  }
  let key = GROUP_SQL[r.groupBy]("");
  const dated = r.groupBy === "day" || r.groupBy === "week";
  if (dated) {
    params.push(r.tz);
    key = GROUP_SQL[r.groupBy](`$${params.length}::text`);
  }
  // The total row, the groups allowed, and one more to tell that there were more.
  params.push(maxGroups + 2);
  // A met obligation has exactly one effective outcome decision (a stop ends it; a late
  // event that turns it into a breach supersedes the met), so met rows are obligations
  // as they stand and only breached rows are grouped by obligation: grouping a year's
  // decisions by obligation was most of the report's time. GROUPING SETS: the groups
  // and the total in one pass (percentiles cannot be summed from groups); both
  // percentiles from one sort (the array form); dates as text only once per group.
  const sql = `WITH per_obligation AS (
       SELECT d.at AS first_at, d.standard, d.severity, d.site, false AS breached, d.elapsed_ms, NULL::bigint AS over_ms
       FROM decisions d WHERE d.status = 'met' AND d.at >= $1::timestamptz AND d.at < $2::timestamptz AND ${common.join(" AND ")}
       UNION ALL
       SELECT min(d.at), min(d.standard), min(d.severity), min(d.site), true, max(d.elapsed_ms), max(d.over_by_ms)
       FROM decisions d WHERE d.status = 'breached' AND d.at >= $3::timestamptz AND d.at < $4::timestamptz AND ${common.join(" AND ")}
       GROUP BY COALESCE(d.obligation, d.id)
       HAVING min(d.at) >= $1::timestamptz AND min(d.at) < $2::timestamptz),
     grouped AS (
       SELECT GROUPING(${key}) = 1 AS total, ${key} AS g, count(*)::float8 AS obligations,
         (count(*) FILTER (WHERE NOT o.breached))::float8 AS met, (count(*) FILTER (WHERE o.breached))::float8 AS breached,
         percentile_cont(ARRAY[0.5, 0.9]::float8[]) WITHIN GROUP (ORDER BY o.elapsed_ms) AS ps,
         COALESCE(sum(o.over_ms), 0)::float8 AS over_ms
       FROM per_obligation o GROUP BY GROUPING SETS ((${key}), ()))
     SELECT total, ${dated ? "to_char(g, 'YYYY-MM-DD')" : "g"} AS g, obligations, met, breached, ps[1] AS p50, ps[2] AS p90, over_ms FROM grouped ORDER BY total DESC, grouped.g NULLS LAST LIMIT $${params.length}`;
  // Memory for the grouping and the percentiles' sorts of a year, instead of spilling
  // them to disk (the 4 MB default did, for 100,000 decisions); this statement only.
  const rows = await db.transaction((tx) => tx.query<ReportRow>(sql, params), `SET LOCAL work_mem = '${REPORT_WORK_MEM}'`);
  const toRow = (x: ReportRow | undefined, group: string | null): ComplianceRow => {
    const obligations = x?.obligations ?? 0;
    const met = x?.met ?? 0;
    return {
      group,
      obligations,
      met,
      breached: x?.breached ?? 0,
      shareMet: obligations ? met / obligations : null,
      p50ElapsedMs: x?.p50 ?? null,
      p90ElapsedMs: x?.p90 ?? null,
      overrunMinutes: (x?.over_ms ?? 0) / 60_000,
    };
  };
  const [first, ...rest] = rows;
  // The empty grouping set yields its row even when nothing matched (count 0).
  const total = first?.total ? first : undefined;
  const groups = (total ? rest : rows).map((x) => toRow(x, x.g));
  return { total: toRow(total, null), groups: groups.slice(0, maxGroups), truncated: groups.length > maxGroups };
}
