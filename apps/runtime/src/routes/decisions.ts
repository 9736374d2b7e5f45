/** GET /v1/decisions (cursor pages) and GET /v1/decisions/stream (server-sent events). */
import type { Request } from "express";
import { DECISION_STATUSES, isDecisionStatus } from "@yardstick/engine";
import { principalOf } from "../auth/middleware.js";
import { decodeCursor, MAX_LIMIT, queryDecisions, type DecisionFilter } from "../decisions/query.js";
import { streamDecisions } from "../decisions/stream.js";
import { badRequest } from "../http-error.js";
import { queryBool, queryInt, queryString, queryTime } from "./params.js";
import { getJson, type RouteDef, type Services } from "./route.js";

/** The decision filters of a request (?subject, ?standard, ?status, ?policy, ?version, ?since, ?until, ?effective). */
export function filterOf(req: Request): DecisionFilter {
  const status = queryString(req, "status");
  if (status !== undefined && !isDecisionStatus(status)) {
    throw badRequest("invalid_request", `?status must be one of ${DECISION_STATUSES.join(", ")}`, "?status");
  }
  const f: DecisionFilter = {
    subject: queryString(req, "subject"),
    standard: queryString(req, "standard"),
    status,
    policy: queryString(req, "policy"),
    version: queryInt(req, "version", 1, 1_000_000_000),
    since: queryTime(req, "since"),
    until: queryTime(req, "until"),
    effective: queryBool(req, "effective"),
  };
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)) as DecisionFilter;
}

export function decisionRoutes(s: Services): RouteDef[] {
  return [
    getJson("/v1/decisions", "decisions:read", async (req) => {
      const distinct = queryString(req, "distinct");
      if (distinct !== undefined && distinct !== "obligation") throw badRequest("invalid_request", `?distinct must be "obligation"`, "?distinct");
      const filter: DecisionFilter = { ...filterOf(req), ...(distinct ? { distinct } : {}) };
      const limit = queryInt(req, "limit", 1, MAX_LIMIT) ?? 100;
      const cursorText = queryString(req, "cursor");
      const page = await queryDecisions(s.db, filter, cursorText ? decodeCursor(cursorText) : null, limit);
      return { decisions: page.decisions, nextCursor: page.nextCursor, hasMore: page.hasMore };
    }),
    {
      // No body: the token is for the calling key.
      method: "post",
      path: "/v1/decisions/stream-tokens",
      permission: "decisions:read",
      async handler(_req, res) {
        const minted = await s.keys.mintStreamToken(principalOf(res));
        res.status(201).json({ ...minted, url: `/v1/decisions/stream?access_token=${minted.token}` });
      },
    },
    {
      method: "get",
      path: "/v1/decisions/stream",
      permission: "decisions:read",
      async handler(req, res) {
        // Each decision is streamed as it is made: "the latest of its obligation" is not known yet.
        if (req.query.distinct !== undefined) throw badRequest("invalid_request", "?distinct is for GET /v1/decisions, not the stream", "?distinct");
        await streamDecisions(s.db, s.signal, filterOf(req), req, res, s.closing, principalOf(res).id, s.config.streamsPerKey);
      },
    },
  ];
}
