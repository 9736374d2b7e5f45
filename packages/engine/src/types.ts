/**
 * Public data types of the engine. Contracts: docs/contracts.md ("Event",
 * "Decision", "Policy document"). Everything here is plain JSON so it can be stored,
 * sent over HTTP and compared with `toEqual`.
 */

/** Text that may be localized: a plain string or `{"zh-CN": "…", "en": "…"}`. */
export type LocalizedText = string | Record<string, string>;

/** A live event as services send it (docs/contracts.md "Event"). */
export interface YardstickEvent {
  id: string;
  type: string;
  subject: string;
  /** ISO 8601 with offset; event time, never arrival time. */
  time: string;
  data?: Record<string, unknown>;
}

/** An event after validation: `t` is epoch milliseconds of `time`. */
export interface NormalizedEvent extends YardstickEvent {
  t: number;
  data: Record<string, unknown>;
}

export type { DecisionStatus } from "./vocabulary/statuses.js";
import type { DecisionStatus } from "./vocabulary/statuses.js";
import type { DiagnosticCode } from "./codes.js";

/** One decision (docs/contracts.md "Decision"). Times are ISO 8601 UTC strings. */
export interface Decision {
  /** Deterministic identity: same policy version + same events => same ids. */
  id: string;
  policy: string;
  version: number;
  standard: string;
  subject: string;
  /** The obligation inside the standard: the standard id, or `id/<correlation value>`. */
  key: string;
  /**
   * Stable id of the obligation this decision is about (issue 14, point 9: count
   * obligations, not decisions): `<standard>|<subject>|<obligation within them>`, each
   * part with `%` and `|` percent-escaped, e.g. `R1|visit-1|#e1` (a timing obligation is
   * its correlation key and start event). Every decision about one obligation carries
   * the same value: its warning, breach, the late stop that reports the overrun, a
   * decision superseding it and a retraction of it; distinct obligations never share
   * one. Not part of the decision id (ids are unchanged by it).
   */
  obligation: string;
  status: DecisionStatus;
  startedAt?: string;
  dueAt?: string;
  /** When the decision became true (event time or deadline), never wall-clock arrival. */
  at: string;
  /** Wall-clock time the obligation's clock ran (held time excluded), ms. */
  elapsedMs?: number;
  /** Wall-clock time from `dueAt` to `at`, ms (breaches). */
  overByMs?: number;
  /** Calendar standards: the same running time counted in working time, ms. */
  businessElapsedMs?: number;
  /** Calendar standards: working time from `dueAt` to `at`, ms (breaches). */
  businessOverByMs?: number;
  severity?: string;
  reasons: string[];
  /** Ids of the events the decision rests on. */
  events: string[];
  /** Escalation: the level reached and who owns it. */
  level?: string;
  owner?: string;
  /** Queue fairness: the ticket called and the tickets it overtook. */
  ticket?: string;
  overtaken?: string[];
  /** Ids of earlier decisions this one replaces (a late event changed the outcome). */
  supersedes?: string[];
  /** True on a notice that withdraws earlier decisions without replacing them. */
  retracted?: boolean;
  /** Any further, kind-specific facts (condition values and so on). */
  details?: Record<string, unknown>;
}

export type Severity = "error" | "warning" | "info";

/**
 * An authoring problem. `path` is a JSON pointer into the policy document (or into
 * an event file); tools turn it into line/column with jsonc-parser.
 */
export interface Diagnostic {
  /** One of the catalogue in codes.ts (docs/codes.md). */
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  path: string;
  /** A fix the tools may offer as is (the editor's quick fix); absent when none is obvious. */
  fix?: DiagnosticFix;
}

/**
 * A fix as data, independent of the text's layout: set the value at each JSON pointer
 * `path` of the document to `value` (a whole-value replacement; an editor turns it
 * into a text edit with jsonc-parser's `modify`). Paths point into the same document
 * as the diagnostic's `path`.
 * @example { title: 'Change to "guest.seated"', edits: [{ path: "/standards/1/start", value: "guest.seated" }] }
 */
export interface DiagnosticFix {
  /** What the fix does, for a menu: `Rename to "R1-2"`. */
  title: string;
  edits: FixEdit[];
}

/** One edit of a {@link DiagnosticFix}: the value to put at `path`. */
export interface FixEdit {
  path: string;
  value: unknown;
}

/** Discriminated result used across the engine. */
export type Result<T> = { ok: true; value: T; diagnostics: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] };

/* ------------------------------------------------------------------ */
/* Policy document (the JSON managers write; the schema is authoritative) */
/* ------------------------------------------------------------------ */

/** json-rules-engine's condition format, restricted (see json-rules-engine/ and conditions/). */
export type ConditionJson =
  | { all: ConditionJson[]; name?: string; priority?: number }
  | { any: ConditionJson[]; name?: string; priority?: number }
  | { not: ConditionJson; name?: string; priority?: number }
  | {
      fact: string;
      operator: string;
      value: unknown;
      path?: string;
      params?: Record<string, unknown>;
      name?: string;
      priority?: number;
    };

/** Matches one event type, optionally only when a condition holds. */
export interface EventMatcherDoc {
  event: string;
  when?: ConditionJson;
}

export type MatcherDoc = string | EventMatcherDoc;

export interface TimingStandardDoc {
  id: string;
  kind: "timing";
  title: LocalizedText;
  description?: LocalizedText;
  severity?: string;
  /** Events that start the clock. */
  start: MatcherDoc | MatcherDoc[];
  /** Events that stop it (met if within the limit). */
  stop: MatcherDoc | MatcherDoc[];
  /** Events that must also have happened (before or after the start) for the obligation to exist. */
  requires?: MatcherDoc | MatcherDoc[];
  /** Events that cancel a running obligation. */
  cancel?: MatcherDoc | MatcherDoc[];
  /** ISO 8601 duration, e.g. "PT2M", "P1D". */
  within?: string;
  /**
   * A calendar-aligned deadline instead of `within`: from the start, the next day or the
   * next working day, plus an optional duration, then the next local time `at`
   * (docs/semantics.md §8a). E.g. `{ from: "nextWorkingDay", at: "10:00" }`.
   */
  deadline?: { from?: "start" | "nextDay" | "nextWorkingDay"; within?: string; at?: string };
  /** Per-event deadlines: read `due` (time) or `within` (duration) from the start event's data. */
  deadlineFrom?: { due?: string; within?: string };
  /** Correlate start and stop by this path into event data, e.g. "item". */
  key?: string;
  /** Only the first start per subject (and key) counts. */
  once?: boolean;
  /**
   * Conditional anchor: while a `from` event is pending (not yet followed by its `until`
   * event with the same `key`), the clock is held; when nothing is pending any more, the
   * clock restarts from that moment (`resume: "restart"`, default) or continues.
   */
  suspend?: {
    from: MatcherDoc | MatcherDoc[];
    until: MatcherDoc | MatcherDoc[];
    /** Events that end a hold as if it had never been (a declined dessert). */
    void?: MatcherDoc | MatcherDoc[];
    key?: string;
    resume?: "restart" | "continue";
    /** Bound of one hold (ISO 8601 duration, standard time); default `within`. */
    maxHold?: string;
  };
  /** Emit a `warning` this long before the deadline (ISO 8601 duration). */
  warnBefore?: string;
  /** Emit a `warning` when these shares of the limit have run, e.g. ["50%", "80%"]. */
  warnAt?: string[];
  /** Count only business time of this calendar. */
  calendar?: string;
}

export interface PolicyDoc {
  $schema?: string;
  id: string;
  version?: number;
  title: LocalizedText;
  description?: LocalizedText;
  /** IANA zone used for local times (closing times, calendars). */
  timezone?: string;
  /** The events the policy accepts, with a description each. */
  events?: Record<string, { description?: LocalizedText; data?: Record<string, unknown>; audience?: "customer" | "internal" }>;
  calendars?: Record<string, unknown>;
  standards: Array<TimingStandardDoc | ({ id: string; kind: string } & Record<string, unknown>)>;
}
