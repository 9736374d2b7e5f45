/**
 * @yardstick/engine — the only public surface. Pure: no I/O, no wall clock.
 *
 * Pipeline: schema (validate) → compile (frozen policy) → evaluate (step/advance)
 * → replay (whole streams) ; lint and diff work on documents; check (check/) runs
 * parse → shape → schema → compile → lint on policy text. The contract vocabulary
 * (event types, statuses, times, durations, pointers, vague words) is vocabulary/;
 * every code is catalogued in codes.ts (docs/codes.md).
 */
export type {
  YardstickEvent,
  NormalizedEvent,
  Decision,
  DecisionStatus,
  Diagnostic,
  DiagnosticFix,
  FixEdit,
  Severity,
  Result,
  LocalizedText,
  ConditionJson,
  PolicyDoc,
  TimingStandardDoc,
} from "./types.js";
export type {
  CompiledPolicy,
  CompiledStandard,
  PolicyState,
  SubjectState,
  EngineOptions,
  Facts,
  Predicate,
  KindHandler,
  HandlerContext,
  DecisionDraft,
  FactRead,
} from "./evaluate/model.js";
export type { StandardKind, AnyKind, MatcherField, DiffField, ReferenceRole } from "./kinds/kind.js";
export { kindRegistry, buildRegistry, DEFAULT_KINDS } from "./kinds/registry.js";
export type { KindRegistry } from "./kinds/registry.js";
export { YardstickError } from "./errors.js";
export { DIAGNOSTIC_CODES, ENGINE_ERROR_CODES, isDiagnosticCode } from "./codes.js";
export type { DiagnosticCode, EngineErrorCode, DiagnosticStage, CodeEntry, DiagnosticCodeEntry } from "./codes.js";
export {
  EVENT_TYPE_SOURCE,
  EVENT_TYPE_PATTERN,
  isEventType,
  DECISION_STATUSES,
  isDecisionStatus,
  ISO_TIME_WITH_OFFSET,
  parseIsoTime,
  isIsoTime,
  parseDuration,
  formatDuration,
  toIsoDuration,
  durationFromWords,
  ENGLISH_VAGUE_WORDS,
  CHINESE_VAGUE_WORDS,
  hasNumber,
  vagueWords,
  replaceVagueWords,
  escapePointer,
  pointerSegments,
  valueAtPointer,
  editDistance,
  closestName,
  MAX_SUGGESTION_DISTANCE,
} from "./vocabulary/index.js";
export type { DurationUnit } from "./vocabulary/index.js";

export { policySchema, validatePolicyDocument } from "./schema/validate.js";
export { compilePolicy, MAX_DOCUMENT_BYTES, MAX_DEPTH } from "./compile/compile-policy.js";
export { compileCondition, explainCondition, MAX_CONDITION_DEPTH } from "./conditions/compile-condition.js";
export type { ConditionResult, Explainer } from "./conditions/compile-condition.js";
export { FIELD_TYPES } from "./conditions/field-types.js";
export type { FieldType } from "./conditions/field-types.js";
export { parsePath, resolvePath, checkPath } from "./conditions/path.js";
export { normalizeEvent } from "./evaluate/event.js";
export { initialState, step, advance, nextDueAt, openDecisions, effectiveDecisions, isPolicyScoped } from "./evaluate/engine.js";
export { stepUnit, advanceUnit, unitDueAt, isUnitSettled, unitsReached } from "./evaluate/unit.js";
export type { Unit, UnitRef, UnitOptions } from "./evaluate/unit.js";
export { replayEvents, replayOrdered } from "./replay/replay.js";
export type { ReplayOptions } from "./replay/replay.js";
export { lintPolicy } from "./lint/lint-policy.js";
export type { LintOptions } from "./lint/lint-policy.js";
export { diffPolicies } from "./diff/structural.js";
export type { PolicyChange } from "./diff/structural.js";
export { diffBehaviour } from "./diff/behavioural.js";
export type { BehaviourDiff, BehaviourChange, StandardCounts } from "./diff/behavioural.js";
export { countTransitions } from "./diff/transitions.js";
export type { TransitionCount } from "./diff/transitions.js";
export { parseJsonText, locateDiagnostics, checkPolicyText, CHECK_STAGES } from "./check/check-policy.js";
export type { LocatedDiagnostic, CheckResult, CheckStage, TextRange } from "./check/check-policy.js";
export { runScenarios, matchesPartial } from "./scenario/run-scenarios.js";
export type { ScenarioFile, ScenarioCase, ScenarioResult } from "./scenario/run-scenarios.js";
export { localize } from "./text.js";
export { queueStats } from "./replay/stats.js";
export type { QueueStats, QueueStatsOptions, ClassFigures, WaitFigures } from "./replay/stats.js";
export { compileCalendar } from "./calendar/calendar.js";
export type { CompiledCalendar, CalendarDoc } from "./calendar/calendar.js";
export { caseEvents } from "./scenario/run-scenarios.js";
export * as limits from "./limits.js";
export { checkLimits } from "./compile/check-limits.js";
export { MAX_TIME_MS } from "./evaluate/engine.js";
