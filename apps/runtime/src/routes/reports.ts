/** GET /v1/reports/compliance: obligations met and breached per day, week, site, severity or standard. */
import type { Request } from "express";
import type { Queryable } from "../db/database.js";
import { badRequest, HttpError } from "../http-error.js";
import { limitExceeded, LIMITS } from "../limits.js";
import { complianceReport, GROUP_BYS, type GroupBy } from "../reports/compliance.js";
import { queryString, queryTime } from "./params.js";
import { getJson, type RouteDef, type Services } from "./route.js";

/**
 * `?tz` when given (an IANA zone: Intl knows the same names as PostgreSQL's tz database
 * here), else the policy's `timezone` (its latest version), else UTC. A `?policy` that
 * names no published policy is 404 either way.
 */
export async function reportZone(q: Queryable, req: Request, policy: string | undefined): Promise<string> {
  const tz = queryString(req, "tz");
  if (tz !== undefined && !isTimeZone(tz)) throw badRequest("invalid_request", `?tz must be an IANA time zone such as Asia/Shanghai or UTC, not "${tz}"`, "?tz");
  let policyZone: string | null = null;
  if (policy !== undefined) {
    const [row] = await q.query<{ tz: string | null }>("SELECT doc->>'timezone' AS tz FROM policy_versions WHERE policy = $1 ORDER BY version DESC LIMIT 1", [policy]);
    if (!row) throw new HttpError(404, "not_found", `no policy "${policy}"`, { path: "?policy" });
    policyZone = row.tz;
  }
  return tz ?? (policyZone !== null && isTimeZone(policyZone) ? policyZone : "UTC");
}

function isTimeZone(tz: string): boolean {
  if (tz.length > 64 || !/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(tz)) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** ?from and ?to (both required, from < to, at most LIMITS.reportRangeMs apart). */
export function reportRange(req: Request): { from: number; to: number } {
  const from = queryTime(req, "from");
  const to = queryTime(req, "to");
  if (from === undefined) throw badRequest("invalid_request", "?from is required: an ISO 8601 time with offset", "?from");
  if (to === undefined) throw badRequest("invalid_request", "?to is required: an ISO 8601 time with offset", "?to");
  if (to <= from) throw badRequest("invalid_request", "?to must be later than ?from", "?to");
  if (to - from > LIMITS.reportRangeMs) throw limitExceeded("reportRangeMs", "?to", `a report spans at most ${LIMITS.reportRangeMs / 86_400_000} days from ?from`);
  return { from, to };
}

export function reportRoutes(s: Services): RouteDef[] {
  return [
    getJson("/v1/reports/compliance", "reports:read", async (req) => {
      const groupBy = queryString(req, "groupBy") ?? "day";
      if (!(GROUP_BYS as readonly string[]).includes(groupBy)) throw badRequest("invalid_request", `?groupBy must be one of ${GROUP_BYS.join(", ")}`, "?groupBy");
      const policy = queryString(req, "policy");
      const standard = queryString(req, "standard");
      const { from, to } = reportRange(req);
      const tz = await reportZone(s.db, req, policy);
      const report = await complianceReport(s.db, { policy, standard, from, to, groupBy: groupBy as GroupBy, tz }, LIMITS.reportGroups);
      if (report.truncated) throw limitExceeded("reportGroups", "?groupBy", `more than ${LIMITS.reportGroups} groups: narrow the report (?policy, ?standard, a shorter range)`);
      return {
        policy: policy ?? null,
        standard: standard ?? null,
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        groupBy,
        tz,
        groups: report.groups,
        total: report.total,
      };
    }),
  ];
}
