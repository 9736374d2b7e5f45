/**
 * Reading decisions in the order they were recorded, with an opaque cursor.
 *
 * Order is (transaction id, seq). Only rows of transactions older than every running
 * one are returned (txid < the snapshot's xmin), so a transaction that commits late
 * can never slip in behind a cursor that has already moved past it: polling with the
 * cursor, and the stream, see every decision exactly once.
 */
import type { Decision } from "@yardstick/engine";
import type { Queryable } from "../db/database.js";
import { badRequest } from "../http-error.js";

export interface DecisionFilter {
  subject?: string;
  standard?: string;
  status?: string;
  policy?: string;
  version?: number;
  /** `at` ≥ since / `at` < until (epoch ms). */
  since?: number;
  until?: number;
  /** Only decisions neither superseded nor retracted. */
  effective?: boolean;
  /**
   * "obligation": of the decisions matching the other filters, only the latest recorded
   * one of each obligation (decisions stored before obligations were recorded have none
   * and each counts alone). With ?effective=true&status=breached: each breached
   * obligation once, however many breached decisions (e.g. the breach and the late stop
   * reporting the overrun) it has.
   */
  distinct?: "obligation";
}

export interface Cursor {
  txid: string;
  seq: string;
}

export interface DecisionPage {
  decisions: Decision[];
  /** Where to continue from (also when nothing more exists yet: poll with it later). */
  nextCursor: string | null;
  hasMore: boolean;
  /** The cursor just after each decision (the stream's message ids). */
  cursors: string[];
}

export const MAX_LIMIT = 1000;

export function encodeCursor(c: Cursor): string {
  return Buffer.from(`${c.txid}:${c.seq}`).toString("base64url");
}

/** Parses a cursor from a request (400 naming `?cursor` when it is not one of ours). */
export function decodeCursor(text: string, name = "?cursor"): Cursor {
  const raw = Buffer.from(text, "base64url").toString();
  const m = /^(\d{1,20}):(-1|\d{1,20})$/.exec(raw);
  if (!m) throw badRequest("invalid_request", `${name}: not a cursor returned by this API`, name);
  return { txid: m[1], seq: m[2] };
}

/** The position "now": the stream starts here when no cursor is given. */
export async function currentCursor(q: Queryable): Promise<Cursor> {
  const [r] = await q.query("SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS x");
  return { txid: r.x, seq: "-1" };
}

/** One page of decisions after `cursor`, oldest first. */
export async function queryDecisions(q: Queryable, filter: DecisionFilter, cursor: Cursor | null, limit: number): Promise<DecisionPage> {
  const params: unknown[] = [];
  const where = filterSql("d", filter, params);
  if (cursor) {
    params.push(cursor.txid, cursor.seq);
    where.push(`(d.txid, d.seq) > ($${params.length - 1}::text::xid8, $${params.length}::bigint)`);
  }
  if (filter.distinct === "obligation") {
    // The latest: no later decision of the same obligation matches the same filters.
    const later = filterSql("l", filter, params);
    where.push(`(d.obligation IS NULL OR NOT EXISTS (SELECT 1 FROM decisions l WHERE l.obligation = d.obligation AND (l.txid, l.seq) > (d.txid, d.seq) AND ${later.join(" AND ")}))`);
  }
  params.push(limit + 1);
  const rows = await q.query(
    `SELECT d.txid::text AS txid, d.seq::text AS seq, d.obligation, d.body FROM decisions d WHERE ${where.join(" AND ")} ORDER BY d.txid, d.seq LIMIT $${params.length}`,
    params,
  );
  const hasMore = rows.length > limit;
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const next = last ? { txid: last.txid, seq: last.seq } : cursor;
  return {
    // `obligation` is null for decisions stored before the engine named obligations.
    decisions: page.map((r) => ({ ...(r.body as Decision), obligation: r.obligation ?? null }) as Decision),
    nextCursor: next ? encodeCursor(next) : null,
    hasMore,
    cursors: page.map((r) => encodeCursor({ txid: r.txid, seq: r.seq })),
  };
}

/** The filter's conditions on the decisions aliased `a` (values appended to `params`). */
function filterSql(a: string, filter: DecisionFilter, params: unknown[]): string[] {
  const where: string[] = [`${a}.txid < pg_snapshot_xmin(pg_current_snapshot())`];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(`${a}.${sql.replace("?", `$${params.length}`)}`);
  };
  if (filter.subject !== undefined) add("subject = ?", filter.subject);
  if (filter.standard !== undefined) add("standard = ?", filter.standard);
  if (filter.status !== undefined) add("status = ?", filter.status);
  if (filter.policy !== undefined) add("policy = ?", filter.policy);
  if (filter.version !== undefined) add("version = ?::int", filter.version);
  if (filter.since !== undefined) add("at >= ?::timestamptz", new Date(filter.since).toISOString());
  if (filter.until !== undefined) add("at < ?::timestamptz", new Date(filter.until).toISOString());
  if (filter.effective) where.push(`NOT ${a}.retracted AND NOT EXISTS (SELECT 1 FROM supersessions s WHERE s.decision_id = ${a}.id)`);
  return where;
}
