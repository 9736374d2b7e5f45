/**
 * POST /v1/events bodies: one event, or {"events": […]}. Every check that needs no
 * database happens here, so a refused request stores nothing:
 * shape (engine's normalizeEvent; the error names the field by JSON pointer),
 * strings PostgreSQL cannot store, the lateness and future bounds (by server time),
 * and the same id twice in one request with different bodies.
 */
import { normalizeEvent, type NormalizedEvent } from "@yardstick/engine";
import { canonicalJson, findUnstorableString } from "../hash.js";
import { badRequest, fromDiagnostics, HttpError } from "../http-error.js";
import { checkDurations, checkShape, LIMITS, limitExceeded } from "../limits.js";

/** One event of a request, ready to store. */
export interface IncomingEvent {
  event: NormalizedEvent;
  /** The event as stored: {id, type, subject, time, data}. */
  body: { id: string; type: string; subject: string; time: string; data: Record<string, unknown> };
  /** JSON pointer of the event in the request (for errors). */
  pointer: string;
}

export interface ParsedEvents {
  events: IncomingEvent[];
  /** Repeats of an id earlier in the same request (same body). */
  duplicates: number;
}

export interface TimeBounds {
  now: number;
  latenessMs: number;
  futureMs: number;
}

/** Most events one request may carry (the body limit usually binds first). */
export const MAX_EVENTS_PER_REQUEST = LIMITS.eventsPerRequest;

/**
 * Validates a request body.
 * @example parseEvents({ events: [e1, e2] }, { now: Date.now(), latenessMs: 86_400_000, futureMs: 60_000 })
 */
export function parseEvents(body: unknown, bounds: TimeBounds): ParsedEvents {
  let raws: unknown[];
  let prefix: string;
  if (body !== null && typeof body === "object" && !Array.isArray(body) && "events" in body) {
    const extra = Object.keys(body).filter((k) => k !== "events");
    if (extra.length) throw badRequest("invalid_request", `unknown field "${extra[0]}" next to "events"`, `/${extra[0]}`);
    const list = (body as { events: unknown }).events;
    if (!Array.isArray(list)) throw badRequest("invalid_request", `"events" must be an array of events`, "/events");
    if (list.length > MAX_EVENTS_PER_REQUEST) throw limitExceeded("eventsPerRequest", "/events", `at most ${MAX_EVENTS_PER_REQUEST} events per request`);
    raws = list;
    prefix = "/events";
  } else {
    raws = [body];
    prefix = "";
  }
  const out: IncomingEvent[] = [];
  const seen = new Map<string, IncomingEvent>();
  let duplicates = 0;
  raws.forEach((raw, i) => {
    const pointer = prefix ? `${prefix}/${i}` : "";
    const n = normalizeEvent(raw, pointer);
    if (!n.ok) throw fromDiagnostics(400, "event_invalid", n.diagnostics);
    checkEventData(n.value.data, `${pointer}/data`);
    const bad = findUnstorableString(raw, pointer);
    if (bad !== null) throw badRequest("event_invalid", `${bad}: strings may not contain NUL characters or unpaired surrogates`, bad);
    const ev = n.value;
    if (ev.t < bounds.now - bounds.latenessMs) {
      throw badRequest("event_too_late", `${pointer}/time: event ${ev.id} at ${ev.time} is older than the lateness bound (${bounds.latenessMs} ms before server time)`, `${pointer}/time`, {
        id: ev.id,
        serverTime: new Date(bounds.now).toISOString(),
      });
    }
    if (ev.t > bounds.now + bounds.futureMs) {
      throw badRequest("event_in_future", `${pointer}/time: event ${ev.id} at ${ev.time} is more than ${bounds.futureMs} ms ahead of server time`, `${pointer}/time`, {
        id: ev.id,
        serverTime: new Date(bounds.now).toISOString(),
      });
    }
    const stored = { id: ev.id, type: ev.type, subject: ev.subject, time: ev.time, data: ev.data };
    const earlier = seen.get(ev.id);
    if (earlier !== undefined) {
      if (!sameEvent(earlier.body, stored)) throw new HttpError(409, "event_conflict", `${pointer}/id: event id ${ev.id} appears twice in this request with different content`, { path: `${pointer}/id`, id: ev.id });
      duplicates++;
      return;
    }
    const incoming = { event: ev, body: stored, pointer };
    seen.set(ev.id, incoming);
    out.push(incoming);
  });
  return { events: out, duplicates };
}

/** An event's `data`: nesting and size bounds (before anything recursive reads it). */
export function checkEventData(data: unknown, pointer: string): void {
  checkShape(data, pointer, { maxDepth: LIMITS.eventDataDepth, depthLimit: "eventDataDepth" });
  const chars = JSON.stringify(data).length;
  if (chars > LIMITS.eventDataChars) throw limitExceeded("eventDataChars", pointer, `"data" is ${chars} characters as JSON; at most ${LIMITS.eventDataChars}`);
  checkDurations(data, pointer);
}

/** Same content (key order aside): a repeat is a duplicate, anything else a conflict. */
export function sameEvent(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}
