/**
 * Bounds on what a policy document may ask for (issue 14): checked when it compiles
 * (compile/check-limits.ts), so nothing that passes `yardstick check` can make an
 * evaluation hang, overflow or run for minutes. The table with the reasons is
 * docs/limits.md (engine section); keep both in step.
 *
 * The cost of one request is bounded by these: compile time grows with the document
 * (at most MAX_DOCUMENT_BYTES) and the calendars; the cost of one event grows with the
 * standards reacting to it (at most MAX_STANDARDS) times their conditions (depth and
 * width below); a business-time deadline searches at most the calendar's day range.
 * bench/limits.bench.js measures the heaviest allowed policy.
 */

const DAY_MS = 86_400_000;

/**
 * Longest duration anywhere in a policy (within, warnBefore, maxWait, forgetAfter, level
 * ages, aggregate windows): 400 days. A year of service standards (annual reviews,
 * 365-day windows for repeat complaints) with a month to spare; time + 400 days stays
 * a safe integer and a valid Date for every event time, and 400 working days fit in the
 * calendar's search range (ten years) even at one working day a week.
 */
export const MAX_DURATION_MS = 400 * DAY_MS;

/**
 * Standards per policy: 100. An event is matched against every standard of its type and
 * may open an obligation in each, so the cost of one event (and the decisions it can
 * make) grows with this; shipped policies have 1–12, the largest real standard sets we
 * know of a few dozen. bench/limits.bench.js: ~0.1 ms per standard an event starts.
 */
export const MAX_STANDARDS = 100;

/** Event types declared in `events`. */
export const MAX_EVENT_TYPES = 500;

/** Calendars per policy. */
export const MAX_CALENDARS = 20;

/** Holidays per calendar: 25 years of ~15 public holidays and bridge days each, with room to spare. */
export const MAX_HOLIDAYS = 500;

/**
 * Declared working dates per calendar (`workdays`: make-up days, half days): as many as
 * holidays, since each bridge holiday usually brings a make-up day with it.
 */
export const MAX_WORKDAYS = 500;

/**
 * Calendar months in one duration (`within: "P1M"`, `deadline.within`): 12, a year. A
 * month counts as 31 days (MONTH_UPPER_MS) against MAX_DURATION_MS, so months plus the
 * rest stay inside the 400 days every deadline search is sized for.
 */
export const MAX_CALENDAR_MONTHS = 12;

/** The longest calendar month, for bounding durations with months. */
export const MONTH_UPPER_MS = 31 * DAY_MS;

/** Working periods per weekday of a calendar. */
export const MAX_PERIODS_PER_DAY = 8;

/** Children of one `all` or `any` (nesting is bounded by conditions/compile-condition.ts MAX_CONDITION_DEPTH, 16). */
export const MAX_CONDITION_WIDTH = 50;

/** Values in one list: an `in`/`notIn` value, a matcher list, queue classes, escalation levels, and any other array. */
export const MAX_LIST_ITEMS = 200;

/** Characters of any string value (titles and descriptions have a tighter schema limit). */
export const MAX_STRING_CHARS = 4096;

/** Characters of a name: an object key (event type, calendar, language, class) or an id. */
export const MAX_NAME_CHARS = 128;

/**
 * Characters of a `matches` pattern: 512. RE2 matches in time linear in the text, but
 * its compiled program grows with the pattern (a counted repeat `x{1000}` copies `x`),
 * and RE2 caps repeat counts at 1,000; a service-wording pattern is tens of characters.
 */
export const MAX_PATTERN_CHARS = 512;

/** Words of one `containsAny` list: it is a list, so MAX_LIST_ITEMS (200) binds; each word is at most this long. */
export const MAX_WORD_CHARS = 200;
