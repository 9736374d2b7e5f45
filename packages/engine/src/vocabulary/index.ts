/**
 * The contract vocabulary, in one place: event types, decision statuses, times with an
 * offset, durations, vague words and "did you mean". Everything that checks or prints
 * one of these imports it from here (engine, CLI, runtime, authoring app).
 */
export { EVENT_TYPE_SOURCE, EVENT_TYPE_PATTERN, isEventType } from "./event-type.js";
export { DECISION_STATUSES, isDecisionStatus, type DecisionStatus } from "./statuses.js";
export { ISO_TIME_WITH_OFFSET, parseIsoTime, isIsoTime } from "./time.js";
export { parseDuration, parseCalendarDuration, formatDuration, formatCalendarDuration, toIsoDuration, durationFromWords, type DurationUnit } from "./duration.js";
export { durationsInText, type TextDuration } from "./text-durations.js";
export { ENGLISH_VAGUE_WORDS, CHINESE_VAGUE_WORDS, hasNumber, vagueWords, replaceVagueWords } from "./vague-words.js";
export { escapePointer, pointerSegments, valueAtPointer } from "./pointer.js";
export { editDistance, closestName, MAX_SUGGESTION_DISTANCE } from "./edit-distance.js";
