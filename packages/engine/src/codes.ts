/**
 * The closed catalogue of codes the engine produces, each with a one-line description
 * (rendered into docs/codes.md by `npm run docs`). Codes are API: never renamed, only
 * added. `Diagnostic.code` and `YardstickError.code` are typed to these unions, so a
 * new code must be catalogued here before it compiles; a test scans the sources for
 * codes that are produced but not catalogued, and catalogued but never produced.
 *
 * Stages (see check/check-policy.ts): parse → shape → schema → compile → lint; `event`
 * is event validation, `cli` the command line's own file problems.
 */

/** Where a diagnostic comes from. */
export type DiagnosticStage = "parse" | "shape" | "schema" | "compile" | "lint" | "event" | "cli";

export interface CodeEntry {
  readonly description: string;
}

export interface DiagnosticCodeEntry extends CodeEntry {
  readonly stage: DiagnosticStage;
}

/** Authoring problems, returned as `Diagnostic`s (never thrown). */
export const DIAGNOSTIC_CODES = {
  parse_invalid_json: { stage: "parse", description: "the text is not JSON (no comments, no trailing commas)" },
  compile_document_too_large: { stage: "shape", description: "the document is larger than MAX_DOCUMENT_BYTES (1 MiB)" },
  compile_document_too_deep: { stage: "shape", description: "objects and arrays nest deeper than MAX_DEPTH (40), or the document is cyclic" },
  schema_invalid: { stage: "schema", description: "the document does not match packages/engine/schema/policy.schema.json" },
  compile_unknown_timezone: { stage: "compile", description: "`timezone` (of the policy or a calendar) is not an IANA zone this runtime knows" },
  compile_duplicate_id: { stage: "compile", description: "two standards share an id, so decisions would not say which one they come from (fix: the next free id)" },
  compile_unknown_event: { stage: "compile", description: "an event type outside the declared `events` vocabulary (fix: the declared type it most likely meant)" },
  compile_unknown_kind: { stage: "compile", description: "a standard kind without a compiler" },
  compile_duration_invalid: { stage: "compile", description: "a duration that is malformed, or uses years or months outside a timing standard's `within`/`deadline.within`" },
  compile_path_invalid: { stage: "compile", description: "a data path (`key`, `deadlineFrom`, …) that is not a plain member/index path" },
  compile_hold_unbounded: { stage: "compile", description: "a `suspend` on a standard without `within` and without `suspend.maxHold`: a hold must end (docs/semantics.md)" },
  compile_deadline_conflict: { stage: "compile", description: "a timing standard with both `within` and `deadline`: say the limit one way" },
  compile_deadline_needs_calendar: { stage: "compile", description: "`deadline.from: \"nextWorkingDay\"` on a standard without a `calendar` (which days are worked?)" },
  compile_hold_too_long: { stage: "compile", description: "`suspend.maxHold` longer than the longest hold allowed (366 days)" },
  compile_limit_exceeded: { stage: "compile", description: "a value beyond a documented bound of limits.ts (durations, counts, list sizes, string lengths); the path names the field (docs/limits.md)" },
  compile_unknown_calendar: { stage: "compile", description: "a `calendar` not declared in `calendars`" },
  compile_calendar_invalid: { stage: "compile", description: "a calendar's hours, holidays or dates are malformed" },
  compile_calendar_no_working_time: { stage: "compile", description: "a calendar in which no weekday has working hours" },
  compile_condition_invalid: { stage: "compile", description: "not a condition: missing fact/operator/value, several of all/any/not, an unknown key or a wrong type" },
  compile_condition_too_deep: { stage: "compile", description: "all/any/not nested deeper than MAX_CONDITION_DEPTH" },
  compile_unknown_fact: { stage: "compile", description: "a condition `fact` other than \"data\", \"event\" or \"subject\"" },
  compile_unknown_operator: { stage: "compile", description: "a condition operator other than the supported ones (json-rules-engine's ten, containsAny, matches, exists, notExists)" },
  compile_path_unsupported: { stage: "compile", description: "a condition path that is not plain `$.member`, `[index]` or `[\"key\"]`" },
  compile_path_forbidden: { stage: "compile", description: "a condition path naming `__proto__`, `constructor` or `prototype`" },
  compile_value_not_array: { stage: "compile", description: "`in`/`notIn` with a value that is not an array" },
  compile_value_not_comparable: { stage: "compile", description: "a numeric operator whose value is an object or an array" },
  compile_value_fact_reference: { stage: "compile", description: "a condition value `{\"fact\": …}` (comparing two facts is not supported)" },
  compile_value_invalid: { stage: "compile", description: "a value that does not fit `containsAny` (a list of words), `matches` (a pattern string) or `exists`/`notExists` (`true`)" },
  compile_pattern_invalid: { stage: "compile", description: "a `matches` pattern that RE2 refuses: a syntax error, a backreference or lookaround (not matchable in linear time); the message names the character" },
  compile_type_mismatch: { stage: "compile", description: "a condition whose operator or value cannot fit the declared type of the event data field it reads (`amount` is a number, compared with \"5\")" },
  compile_queue_no_check: { stage: "compile", description: "a queue standard with none of `fifo`, `maxWait`, `closing`: it would judge nothing" },
  compile_queue_missing_event: { stage: "compile", description: "`fifo` or `maxWait` without `call`, or `yieldToKey` without `yield`" },
  compile_queue_forget_too_short: { stage: "compile", description: "`forgetAfter` not longer than the longest maximum wait" },
  compile_queue_served_by_without_closing: { stage: "compile", description: "a queue standard with `servedBy` but no `closing` to count it from" },
  compile_queue_unknown_class: { stage: "compile", description: "a `maxWait` class that `classes` does not declare" },
  compile_escalation_duplicate_level: { stage: "compile", description: "two escalation levels share a name" },
  compile_escalation_first_level_criterion: { stage: "compile", description: "the first escalation level has a criterion, though every case starts there" },
  compile_escalation_unreachable_level: { stage: "compile", description: "a level above the first without `when`, `age` or `aggregate`" },
  lint_vague_wording: { stage: "lint", description: "SMART S: a title or description relies on a vague word without a number (fix: the standard's limit)" },
  lint_limit_mismatch: { stage: "lint", description: "a title or description states a duration (\"within 30 minutes\", \"30 分钟内\") that no field of the standard has (fix: the standard's limit in its place)" },
  lint_no_numeric_target: { stage: "lint", description: "SMART M: a standard states no number, duration or count" },
  lint_probably_unachievable: { stage: "lint", description: "SMART A: breached in more than half of the recorded cases" },
  lint_internal_anchor: { stage: "lint", description: "SMART R: the clock starts or stops only on internal events" },
  lint_no_time_bound: { stage: "lint", description: "SMART T: a standard has no time limit" },
  lint_warning_after_deadline: { stage: "lint", description: "`warnBefore` is at least the time limit, so the warning would come at or before the start" },
  lint_unproduced_stop: { stage: "lint", description: "a stop event no declared event produces: the standard can never be met (fix: the declared type it most likely meant)" },
  lint_condition_type: { stage: "lint", description: "a condition over an untyped data field that cannot do what it seems: `notEqual null` (true when missing; fix: `exists`), a number compared with a string, one field read as text in one condition and as a list or number in another" },
  event_invalid: { stage: "event", description: "an event does not match the Event contract (the path names the field)" },
  cli_file_unreadable: { stage: "cli", description: "a file named on the command line cannot be read" },
  cli_scenario_invalid: { stage: "cli", description: "a scenario file is not an object with a `cases` list" },
  cli_file_too_large: { stage: "cli", description: "a file named on the command line is larger than the most read (16 MiB for documents)" },
  cli_line_too_long: { stage: "cli", description: "a line of an NDJSON events file is longer than 1 MiB (one event per line)" },
  cli_too_deep: { stage: "cli", description: "a JSON text nests deeper than 256 levels, checked before parsing" },
  cli_file_changed: { stage: "cli", description: "an events file changed between the two passes of a streaming replay (name a file, not a pipe)" },
} as const satisfies Record<string, DiagnosticCodeEntry>;

/** Faults thrown as `YardstickError` (misuse at run time); branch on the code, never on the message. */
export const ENGINE_ERROR_CODES = {
  event_invalid: { description: "an event handed to step/replay does not match the Event contract (details.path names the field)" },
  event_too_late: { description: "an event older than the state's lateness bound, or after its unit was settled; nothing changed" },
  policy_invalid: { description: "a policy that does not compile was used (the reference engine's rules, a path)" },
  engine_runaway: { description: "deadlines keep falling due without the clock advancing: a bug, reported instead of looping" },
  replay_until_invalid: { description: "replay's `until` is not a time" },
  engine_time_out_of_range: { description: "a time (event, advance target, watermark, until, or a deadline a handler computed) is not a safe integer within the Date range; nothing changed" },
  engine_unit_invalid: { description: "a unit handed to stepUnit/advanceUnit/unitDueAt does not fit: an event for another subject, or no policy-scoped standard of that id" },
} as const satisfies Record<string, CodeEntry>;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;
export type EngineErrorCode = keyof typeof ENGINE_ERROR_CODES;

/**
 * True when `code` is a catalogued diagnostic code.
 * @example isDiagnosticCode("schema_invalid") // true
 */
export function isDiagnosticCode(code: string): code is DiagnosticCode {
  return Object.hasOwn(DIAGNOSTIC_CODES, code);
}
