/**
 * The live board: obligations running now (GET /v1/open). Derived from what the runtime
 * keeps anyway: each tracked subject's engine state and its next due time
 * (subject_states.due_ms). The engine's own `openDecisions` says which obligations of a
 * state still run at `at`, with their due time; nothing here re-implements a kind.
 *
 * Paged over subjects by (due_ms, policy, version, subject): the subjects needing the
 * scheduler soonest come first, so the first page is the most urgent. A page holds the
 * running obligations of up to `limit` subjects. Only subjects with a due time are
 * looked at (a running timing obligation always has one: its deadline, a warning or its
 * hold's bound); policy-scoped units (escalation cases) are not on the board yet.
 */
import { openDecisions, type Decision, type SubjectState } from "@yardstick/engine";
import type { Queryable } from "../db/database.js";
import { badRequest } from "../http-error.js";
import type { PolicyStore } from "../policies/store.js";

export interface OpenObligation {
  policy: string;
  version: number;
  standard: string;
  subject: string;
  obligation: string;
  key: string;
  /** data.site of the obligation's start event, null without one. */
  site: string | null;
  severity: string | null;
  startedAt: string | null;
  /** null while the clock is held. */
  dueAt: string | null;
  /** dueAt − at, ms (negative: overdue as of `at`); null while held. */
  timeLeftMs: number | null;
  elapsedMs: number | null;
  /** running; warning (a warning decision was made for it); held (clock stopped); overdue (at is past dueAt). */
  state: "running" | "warning" | "held" | "overdue";
}

interface BoardCursor {
  due: string;
  policy: string;
  version: number;
  subject: string;
}

export function encodeBoardCursor(c: BoardCursor): string {
  return Buffer.from(JSON.stringify([c.due, c.policy, c.version, c.subject])).toString("base64url");
}

export function decodeBoardCursor(text: string): BoardCursor {
  try {
    const v: unknown = JSON.parse(Buffer.from(text, "base64url").toString());
    if (Array.isArray(v) && v.length === 4 && typeof v[0] === "string" && /^-?\d{1,20}$/.test(v[0]) && typeof v[1] === "string" && Number.isInteger(v[2]) && typeof v[3] === "string") {
      return { due: v[0], policy: v[1], version: v[2], subject: v[3] };
    }
  } catch {
    /* answered below */
  }
  throw badRequest("invalid_request", "?cursor: not a cursor returned by this API", "?cursor");
}

export interface BoardQuery {
  at: number;
  policy?: string;
  site?: string;
  limit: number;
  cursor: BoardCursor | null;
}

/** One page of the board. */
export async function openObligations(q: Queryable, policies: PolicyStore, b: BoardQuery): Promise<{ open: OpenObligation[]; nextCursor: string | null; hasMore: boolean }> {
  const params: unknown[] = [];
  const where = ["s.due_ms IS NOT NULL"];
  if (b.policy !== undefined) {
    params.push(b.policy);
    where.push(`s.policy = $${params.length}`);
  }
  if (b.cursor) {
    params.push(b.cursor.due, b.cursor.policy, b.cursor.version, b.cursor.subject);
    const n = params.length;
    where.push(`(s.due_ms, s.policy, s.version, s.subject) > ($${n - 3}::bigint, $${n - 2}, $${n - 1}::int, $${n})`);
  }
  params.push(b.limit + 1);
  const rows = await q.query<{ subject: string; policy: string; version: number; state: SubjectState; due: string }>(
    `SELECT s.subject, s.policy, s.version, s.state, s.due_ms::text AS due FROM subject_states s WHERE ${where.join(" AND ")}
     ORDER BY s.due_ms, s.policy, s.version, s.subject LIMIT $${params.length}`,
    params,
  );
  const hasMore = rows.length > b.limit;
  const page = rows.slice(0, b.limit);
  const running: Decision[] = [];
  for (const r of page) {
    const policy = await policies.compiledVersion(r.policy, r.version, q);
    // fromEntries defines the subject as an own property (no prototype lookups on user text).
    running.push(...openDecisions(policy, { clock: 0, subjects: Object.fromEntries([[r.subject, r.state]]), shared: {} }, b.at));
  }
  const sites = await sitesOf(q, running);
  const warned = await warnedObligations(q, running, b.at);
  const open: OpenObligation[] = [];
  for (const d of running) {
    const site = sites.get(d.events[0] ?? "") ?? null;
    if (b.site !== undefined && site !== b.site) continue;
    const due = d.dueAt === undefined ? null : Date.parse(d.dueAt);
    const timeLeftMs = due === null ? null : due - b.at;
    open.push({
      policy: d.policy,
      version: d.version,
      standard: d.standard,
      subject: d.subject,
      obligation: d.obligation,
      key: d.key,
      site,
      severity: d.severity ?? null,
      startedAt: d.startedAt ?? null,
      dueAt: due === null ? null : new Date(due).toISOString(),
      timeLeftMs,
      elapsedMs: d.elapsedMs ?? null,
      state: timeLeftMs === null ? "held" : timeLeftMs < 0 ? "overdue" : warned.has(d.obligation) ? "warning" : "running",
    });
  }
  const last = page[page.length - 1];
  return { open, hasMore, nextCursor: hasMore && last ? encodeBoardCursor({ due: last.due, policy: last.policy, version: last.version, subject: last.subject }) : null };
}

/** data.site of each decision's first event, by event id. */
async function sitesOf(q: Queryable, ds: Decision[]): Promise<Map<string, string>> {
  const ids = [...new Set(ds.map((d) => d.events[0]).filter((x): x is string => x !== undefined))];
  const out = new Map<string, string>();
  if (!ids.length) return out;
  for (const r of await q.query<{ id: string; site: string | null }>("SELECT id, body->'data'->>'site' AS site FROM events WHERE id = ANY($1::text[])", [ids])) {
    if (r.site !== null) out.set(r.id, r.site);
  }
  return out;
}

/** The obligations among `ds` with a stored, effective warning at or before `at`. */
async function warnedObligations(q: Queryable, ds: Decision[], at: number): Promise<Set<string>> {
  const obligations = [...new Set(ds.map((d) => d.obligation))];
  if (!obligations.length) return new Set();
  const rows = await q.query<{ obligation: string }>(
    `SELECT DISTINCT d.obligation FROM decisions d WHERE d.obligation = ANY($1::text[]) AND d.status = 'warning' AND d.at <= $2::timestamptz AND NOT d.retracted
       AND NOT EXISTS (SELECT 1 FROM supersessions s WHERE s.decision_id = d.id)`,
    [obligations, new Date(at).toISOString()],
  );
  return new Set(rows.map((r) => r.obligation));
}
