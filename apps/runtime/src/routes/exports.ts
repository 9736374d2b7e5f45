/**
 * Reports' companions: GET /v1/open (the live board), and the streamed exports GET
 * /v1/events and GET /v1/decisions/export (NDJSON or CSV), for BI and independent replays.
 */
import { LIMITS } from "../limits.js";
import { decodeBoardCursor, openObligations } from "../reports/open.js";
import { exportDecisions, exportEvents, exportFormat } from "../reports/export.js";
import { badRequest } from "../http-error.js";
import { filterOf } from "./decisions.js";
import { queryInt, queryString, queryTime } from "./params.js";
import { getJson, type RouteDef, type Services } from "./route.js";

export function exportRoutes(s: Services): RouteDef[] {
  return [
    getJson("/v1/open", "reports:read", async (req) => {
      const at = queryTime(req, "at") ?? Date.now();
      const cursor = queryString(req, "cursor");
      const page = await openObligations(s.db, s.policies, {
        at,
        policy: queryString(req, "policy"),
        site: queryString(req, "site"),
        limit: queryInt(req, "limit", 1, LIMITS.boardPage) ?? 100,
        cursor: cursor === undefined ? null : decodeBoardCursor(cursor),
      });
      return { at: new Date(at).toISOString(), ...page };
    }),
    {
      method: "get",
      path: "/v1/events",
      permission: "reports:read",
      async handler(req, res) {
        const format = exportFormat(req, queryString(req, "format"));
        const from = queryTime(req, "from");
        const to = queryTime(req, "to");
        if (from !== undefined && to !== undefined && to <= from) throw badRequest("invalid_request", "?to must be later than ?from", "?to");
        await exportEvents(s.db, { from, to, type: queryString(req, "type"), subject: queryString(req, "subject") }, format, res, s.closing);
      },
    },
    {
      method: "get",
      path: "/v1/decisions/export",
      permission: "reports:read",
      async handler(req, res) {
        const format = exportFormat(req, queryString(req, "format"));
        // ?from/?to as on the events export, or ?since/?until as on GET /v1/decisions.
        const filter = filterOf(req);
        const from = queryTime(req, "from");
        const to = queryTime(req, "to");
        await exportDecisions(s.db, { ...filter, ...(from !== undefined ? { since: from } : {}), ...(to !== undefined ? { until: to } : {}) }, format, res, s.closing);
      },
    },
  ];
}
