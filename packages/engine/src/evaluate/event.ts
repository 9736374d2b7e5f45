/**
 * Event validation (docs/contracts.md "Event"). Problems are diagnostics whose `path` names the
 * field, e.g. `/time`.
 *
 * Codes: `event_invalid` (shape or value of a field is wrong).
 */
import type { Diagnostic, NormalizedEvent, Result } from "../types.js";
import { isEventType } from "../vocabulary/event-type.js";
import { parseIsoTime } from "../vocabulary/time.js";
const MAX_ID = 200;

/**
 * Checks a raw event and returns it with `t` (epoch ms) and a `data` object.
 * @example normalizeEvent({ id: "e1", type: "guest.seated", subject: "v1", time: "2026-11-22T12:00:00+08:00" })
 */
export function normalizeEvent(raw: unknown, pointer = ""): Result<NormalizedEvent> {
  const bad = (field: string, message: string): Diagnostic => ({ code: "event_invalid", severity: "error", message, path: `${pointer}/${field}` });
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    return { ok: false, diagnostics: [{ code: "event_invalid", severity: "error", message: "an event must be a JSON object", path: pointer }] };
  }
  const e = raw as Record<string, unknown>;
  const diagnostics: Diagnostic[] = [];
  for (const field of ["id", "type", "subject"] as const) {
    const v = e[field];
    if (typeof v !== "string" || v.length === 0) diagnostics.push(bad(field, `"${field}" is required and must be a non-empty string`));
    else if (v.length > MAX_ID) diagnostics.push(bad(field, `"${field}" is longer than ${MAX_ID} characters`));
  }
  if (typeof e.type === "string" && e.type && !isEventType(e.type)) {
    diagnostics.push(bad("type", `"type" must look like "guest.seated"`));
  }
  const t = parseIsoTime(e.time);
  if (typeof e.time !== "string") diagnostics.push(bad("time", `"time" is required: an ISO 8601 time with offset, e.g. "2026-11-22T12:00:00+08:00"`));
  else if (t === null) {
    diagnostics.push(bad("time", `"time" must be ISO 8601 with an offset, e.g. "2026-11-22T12:00:00+08:00"; got ${JSON.stringify(e.time)}`));
  }
  if (e.data !== undefined && (e.data === null || typeof e.data !== "object" || Array.isArray(e.data))) {
    diagnostics.push(bad("data", `"data" must be an object`));
  }
  for (const k of Object.keys(e)) {
    if (!["id", "type", "subject", "time", "data"].includes(k)) diagnostics.push(bad(k, `unknown field "${k}"`));
  }
  if (diagnostics.length) return { ok: false, diagnostics };
  const data = (e.data ?? {}) as Record<string, unknown>;
  return {
    ok: true,
    value: { id: e.id as string, type: e.type as string, subject: e.subject as string, time: e.time as string, t: t as number, data },
    diagnostics: [],
  };
}
