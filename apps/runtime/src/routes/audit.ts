/** GET /v1/audit: the audit trail (keys created and revoked, policies published and activated). */
import { badRequest } from "../http-error.js";
import { queryInt, queryString } from "./params.js";
import { getJson, type RouteDef, type Services } from "./route.js";

export function auditRoutes(s: Services): RouteDef[] {
  return [
    getJson("/v1/audit", "audit:read", async (req) => {
      const limit = queryInt(req, "limit", 1, 1000) ?? 100;
      const cursor = queryString(req, "cursor");
      let after = 0;
      if (cursor !== undefined) {
        const m = /^a(\d{1,18})$/.exec(Buffer.from(cursor, "base64url").toString());
        if (!m) throw badRequest("invalid_request", "?cursor: not a cursor returned by this API", "?cursor");
        after = Number(m[1]);
      }
      const rows = await s.db.query(
        "SELECT seq::float8 AS seq, at, actor, action, target, details FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2",
        [after, limit + 1],
      );
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return {
        entries: page.map((r) => ({ seq: r.seq, at: new Date(r.at).toISOString(), actor: r.actor, action: r.action, target: r.target, details: r.details })),
        nextCursor: Buffer.from(`a${last ? last.seq : after}`).toString("base64url"),
        hasMore: rows.length > limit,
      };
    }),
  ];
}
