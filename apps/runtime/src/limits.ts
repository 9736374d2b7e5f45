/**
 * Input bounds enforced at the HTTP edge (docs/limits.md lists them all). Every bound
 * is a 400 `limit_exceeded` whose `details` name the limit and the field (a JSON
 * pointer), checked before anything recursive touches the value: deep JSON used to
 * overflow the stack in canonicalJson, findUnstorableString and the engine (issue 14).
 *
 * The walkers here are iterative on purpose: they must not themselves overflow on the
 * input they are refusing.
 */
import { parseDuration } from "@yardstick/engine";
import { HttpError } from "./http-error.js";

/** The runtime's bounds (the body size is RuntimeConfig.bodyLimitBytes, 1 MiB by default). */
export const LIMITS = Object.freeze({
  /** Nesting of any JSON body (the body itself is depth 0). The engine's policy documents allow 40. */
  bodyDepth: 64,
  /** Values (objects, arrays, scalars) in one JSON body. */
  bodyNodes: 250_000,
  /** Characters in any one string of a body (keys included). */
  stringChars: 65_536,
  /** Events in one POST /v1/events request. */
  eventsPerRequest: 10_000,
  /** Nesting inside an event's `data` (`data` itself is depth 0). */
  eventDataDepth: 32,
  /** An event's `data` as JSON text, in UTF-16 code units. */
  eventDataChars: 65_536,
  /** Events in one POST /v1/evaluate request. */
  evaluateEvents: 20_000,
  /**
   * Any ISO 8601 duration in an event's data (3,660 days, about 10 years). Policies are
   * bounded by the engine's compile instead (400 days, compile_limit_exceeded); a data
   * deadline beyond the engine's 400 days counts there as "no valid deadline".
   */
  durationMs: 3_660 * 86_400_000,
  /** Webhook subscriptions in all (each matching decision is one delivery per subscription). */
  webhookSubscriptions: 100,
  /** Characters of a webhook receiver URL. */
  webhookUrlChars: 2_048,
  /** The span from..to of one compliance report (GET /v1/reports/compliance): 400 days, a year and a margin. */
  reportRangeMs: 400 * 86_400_000,
  /** Groups in one compliance report (groupBy=site or standard can have many values). */
  reportGroups: 10_000,
  /** Subjects per page of GET /v1/open (?limit). */
  boardPage: 1_000,
});

/** Latest storable deadline: the end of JavaScript's time range (a bigint column holds it; anything later means never). */
export const MAX_DUE_MS = 8.64e15;

/** A deadline as stored: beyond MAX_DUE_MS it is MAX_DUE_MS (1e23 was a SQL error for the whole group). */
export function storableDue(due: number | null): number | null {
  if (due === null || !Number.isFinite(due)) return due === null || Number.isNaN(due) ? null : MAX_DUE_MS;
  return Math.min(MAX_DUE_MS, Math.max(-MAX_DUE_MS, Math.round(due)));
}

/** The 400 of a bound: `limit` names it (a key of LIMITS), `pointer` the field. */
export function limitExceeded(limit: keyof typeof LIMITS | "bodyBytes", pointer: string, message: string): HttpError {
  return new HttpError(400, "limit_exceeded", `${pointer || "/"}: ${message}`, { path: pointer, limit, max: limit === "bodyBytes" ? undefined : LIMITS[limit] });
}

interface Frame {
  v: unknown;
  depth: number;
  key: string;
  parent: Frame | null;
}

function pointerOf(f: Frame, base: string): string {
  const parts: string[] = [];
  for (let x: Frame | null = f; x && x.parent; x = x.parent) parts.push(x.key.replace(/~/g, "~0").replace(/\//g, "~1"));
  return base + parts.reverse().map((p) => `/${p}`).join("");
}

export interface ShapeBounds {
  maxDepth: number;
  depthLimit: keyof typeof LIMITS;
  maxNodes?: number;
  maxString?: number;
}

/**
 * Throws `limit_exceeded` for the first place where `value` is nested deeper than
 * `maxDepth`, holds more than `maxNodes` values or a string longer than `maxString`.
 * @example checkShape(req.body, "", { maxDepth: 64, depthLimit: "bodyDepth" })
 */
export function checkShape(value: unknown, base: string, bounds: ShapeBounds): void {
  // A fast pass without pointers (a 1 MiB body of 10,000 events: ~5 ms, where building
  // frames for every value took ~60 ms of event loop); only a failure pays for the slow
  // pass below, which names the field.
  if (withinShape(value, bounds)) return;
  locateShape(value, base, bounds);
}

function withinShape(value: unknown, bounds: ShapeBounds): boolean {
  const maxString = bounds.maxString ?? Infinity;
  const maxNodes = bounds.maxNodes ?? Infinity;
  const values: unknown[] = [value];
  const depths: number[] = [0];
  let nodes = 0;
  while (values.length) {
    const v = values.pop();
    const d = depths.pop()!;
    if (++nodes > maxNodes) return false;
    if (typeof v === "string") {
      if (v.length > maxString) return false;
    } else if (v !== null && typeof v === "object") {
      if (d >= bounds.maxDepth) return false;
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) {
          values.push(v[i]);
          depths.push(d + 1);
        }
      } else {
        for (const k of Object.keys(v)) {
          if (k.length > maxString) return false;
          values.push((v as Record<string, unknown>)[k]);
          depths.push(d + 1);
        }
      }
    }
  }
  return true;
}

function locateShape(value: unknown, base: string, bounds: ShapeBounds): void {
  const stack: Frame[] = [{ v: value, depth: 0, key: "", parent: null }];
  let nodes = 0;
  while (stack.length) {
    const f = stack.pop()!;
    nodes++;
    if (bounds.maxNodes !== undefined && nodes > bounds.maxNodes) throw limitExceeded("bodyNodes", base, `more than ${bounds.maxNodes} JSON values in one body`);
    if (typeof f.v === "string") {
      if (bounds.maxString !== undefined && f.v.length > bounds.maxString) throw limitExceeded("stringChars", pointerOf(f, base), `a string longer than ${bounds.maxString} characters`);
      continue;
    }
    if (f.v === null || typeof f.v !== "object") continue;
    if (f.depth >= bounds.maxDepth) throw limitExceeded(bounds.depthLimit, pointerOf(f, base), `nested deeper than ${bounds.maxDepth} levels`);
    const entries = Array.isArray(f.v) ? f.v.map((v, i) => [String(i), v] as const) : Object.entries(f.v);
    for (const [k, v] of entries) {
      if (bounds.maxString !== undefined && k.length > bounds.maxString) throw limitExceeded("stringChars", pointerOf(f, base), `a key longer than ${bounds.maxString} characters`);
      stack.push({ v, depth: f.depth + 1, key: k, parent: f });
    }
  }
}

const DURATION_LIKE = /^P(?!$)[\d.WDTHMSYM]+$/;

/**
 * Refuses any ISO 8601 duration in an event's data (a promise carries its own `within`)
 * longer than LIMITS.durationMs (`P999999999D` looped the replay forever, `P100000000D`
 * overflowed Date, `PT99999999999999999999S` made a deadline PostgreSQL cannot store as
 * bigint), so such values are never stored. Policy documents are not checked here: the
 * engine's compile refuses their durations over 400 days. `pointer` prefixes paths.
 */
export function checkDurations(doc: unknown, pointer: string): void {
  const stack: Frame[] = [{ v: doc, depth: 0, key: "", parent: null }];
  while (stack.length) {
    const f = stack.pop()!;
    if (typeof f.v === "string") {
      if (!DURATION_LIKE.test(f.v)) continue;
      const ms = parseDuration(f.v);
      if (ms !== null && !(ms <= LIMITS.durationMs)) {
        throw limitExceeded("durationMs", pointerOf(f, pointer), `the duration ${f.v} is longer than ${LIMITS.durationMs / 86_400_000} days`);
      }
      continue;
    }
    if (f.v === null || typeof f.v !== "object") continue;
    const entries = Array.isArray(f.v) ? f.v.map((v, i) => [String(i), v] as const) : Object.entries(f.v);
    for (const [k, v] of entries) stack.push({ v, depth: f.depth + 1, key: k, parent: f });
  }
}
