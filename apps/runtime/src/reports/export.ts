/**
 * Streamed exports of stored events and decisions as NDJSON or CSV, in bounded memory:
 * rows are read a page at a time by keyset (events by (t_ms, id), decisions by their
 * log cursor) and written as they come, waiting for the socket to drain when the client
 * reads slowly. Nothing holds a transaction open between pages (PGlite has one
 * connection: ingestion goes on while an export runs).
 */
import type { Request, Response } from "express";
import type { Decision } from "@yardstick/engine";
import type { Queryable } from "../db/database.js";
import { decodeCursor, queryDecisions, type Cursor, type DecisionFilter } from "../decisions/query.js";
import { HttpError } from "../http-error.js";

export const EXPORT_FORMATS = ["ndjson", "csv"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * Rows read per page: enough to amortise a round trip (under 1 ms each here), few
 * enough that a page of decisions (about 1 KB each) stays small; the month of the
 * export test spans two pages of each.
 */
const PAGE = 250;

/** ?format, else the Accept header (text/csv), else NDJSON. */
export function exportFormat(req: Request, format: string | undefined): ExportFormat {
  if (format !== undefined) {
    if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw new HttpError(400, "invalid_request", `?format must be one of ${EXPORT_FORMATS.join(", ")}`, { path: "?format" });
    return format as ExportFormat;
  }
  const accepted = req.accepts(["application/x-ndjson", "text/csv", "application/json"]);
  if (accepted === false) throw new HttpError(406, "not_acceptable", "exports are application/x-ndjson or text/csv (send ?format=ndjson|csv)", { path: "Accept" });
  return accepted === "text/csv" ? "csv" : "ndjson";
}

/**
 * One CSV field (RFC 4180: quoted when it holds a comma, quote or line break, quotes
 * doubled). Hand-written: the whole of CSV writing here is this function. A text
 * starting with =, + or @ gets a leading ' so a spreadsheet does not run it as a
 * formula (not "-": ids and subjects may start with it; NDJSON is the exact format).
 */
export function csvField(v: unknown): string {
  if (v === null || v === undefined) return "";
  let s = typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : JSON.stringify(v);
  if (/^[=+@\t\r]/.test(s) && typeof v === "string") s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const csvLine = (fields: unknown[]) => fields.map(csvField).join(",") + "\r\n";

/** Writes `text`, resolving once the socket can take more (backpressure keeps memory bounded). */
function write(res: Response, text: string): Promise<void> {
  if (res.write(text)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}

function begin(res: Response, format: ExportFormat, name: string, header: string[]): void {
  res.status(200);
  res.setHeader("content-type", format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8");
  res.setHeader("content-disposition", `attachment; filename="${name}.${format}"`);
  res.setHeader("cache-control", "no-store");
  if (format === "csv") res.write(csvLine(header));
}

export interface EventFilter {
  /** t_ms ≥ from, < to (epoch ms). */
  from?: number;
  to?: number;
  type?: string;
  subject?: string;
}

export const EVENT_CSV = ["id", "type", "subject", "time", "data"];

/** Streams stored events in time order (then id). */
export async function exportEvents(q: Queryable, f: EventFilter, format: ExportFormat, res: Response, closing: AbortSignal): Promise<void> {
  begin(res, format, "events", EVENT_CSV);
  let after: { t: string; id: string } | null = null;
  while (!res.destroyed && !closing.aborted) {
    const params: unknown[] = [];
    const where: string[] = [];
    const add = (sql: string, v: unknown) => {
      params.push(v);
      where.push(sql.replace("?", `$${params.length}`));
    };
    if (f.from !== undefined) add("e.t_ms >= ?::bigint", f.from);
    if (f.to !== undefined) add("e.t_ms < ?::bigint", f.to);
    if (f.type !== undefined) add("e.body->>'type' = ?", f.type);
    if (f.subject !== undefined) add("e.body->>'subject' = ?", f.subject);
    if (after) {
      params.push(after.t, after.id);
      where.push(`(e.t_ms, e.id) > ($${params.length - 1}::bigint, $${params.length})`);
    }
    params.push(PAGE);
    const rows = await q.query<{ id: string; t: string; body: { id: string; type: string; subject: string; time: string; data: unknown } }>(
      `SELECT e.id, e.t_ms::text AS t, e.body FROM events e ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY e.t_ms, e.id LIMIT $${params.length}`,
      params,
    );
    const text = rows.map((r) => (format === "csv" ? csvLine([r.body.id, r.body.type, r.body.subject, r.body.time, r.body.data ?? {}]) : JSON.stringify(r.body) + "\n")).join("");
    if (text) await write(res, text);
    const last = rows[rows.length - 1];
    if (rows.length < PAGE || !last) break;
    after = { t: last.t, id: last.id };
  }
  res.end();
}

export const DECISION_CSV = ["id", "policy", "version", "standard", "subject", "obligation", "key", "status", "startedAt", "dueAt", "at", "elapsedMs", "overByMs", "severity", "reasons", "events", "retracted", "supersedes"];

/** Streams decisions in recorded order (the filters of GET /v1/decisions). */
export async function exportDecisions(q: Queryable, filter: DecisionFilter, format: ExportFormat, res: Response, closing: AbortSignal): Promise<void> {
  begin(res, format, "decisions", DECISION_CSV);
  let cursor: Cursor | null = null;
  while (!res.destroyed && !closing.aborted) {
    const page = await queryDecisions(q, filter, cursor, PAGE);
    const text = page.decisions.map((d) => (format === "csv" ? decisionCsv(d) : JSON.stringify(d) + "\n")).join("");
    if (text) await write(res, text);
    if (!page.hasMore || !page.nextCursor) break;
    cursor = decodeCursor(page.nextCursor);
  }
  res.end();
}

function decisionCsv(d: Decision): string {
  return csvLine([d.id, d.policy, d.version, d.standard, d.subject, d.obligation, d.key, d.status, d.startedAt, d.dueAt, d.at, d.elapsedMs, d.overByMs, d.severity, d.reasons.join("; "), d.events.join(" "), d.retracted === true, (d.supersedes ?? []).join(" ")]);
}
