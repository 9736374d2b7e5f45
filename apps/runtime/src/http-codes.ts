/**
 * The closed catalogue of HTTP error codes the runtime answers with, in
 * `{error: {code, message, details}}`, each with its status and a one-line description
 * (rendered into docs/codes.md by `npm run docs`). Codes are API: never renamed.
 * `HttpError.code` is typed to this list. The engine's own faults (YardstickError) pass
 * through with their code, so every engine error code is listed here too.
 */
import type { EngineErrorCode } from "@yardstick/engine";

export interface HttpCodeEntry {
  /** The statuses this code is sent with. */
  readonly status: readonly number[];
  readonly description: string;
}

export const HTTP_ERROR_CODES = {
  invalid_json: { status: [400], description: "the request body is not valid JSON" },
  invalid_request: { status: [400], description: "a parameter or body field is missing, malformed or unknown (details.path names it)" },
  payload_too_large: { status: [413], description: "the request body is larger than the limit (details.limit)" },
  unsupported_media_type: { status: [415], description: "the body is not sent as application/json, or in an unsupported encoding or charset" },
  unauthorized: { status: [401], description: "no API key, or an unknown or revoked one" },
  forbidden: { status: [403], description: "the key's role may not do this (details.role, details.permission)" },
  rate_limited: { status: [429], description: "too many requests for this key; retry after details.retryAfterSeconds (also the Retry-After header)" },
  not_found: { status: [404], description: "no such route, policy, version or key" },
  event_invalid: { status: [400, 422], description: "an event does not match the Event contract (details.path names the field)" },
  event_too_late: { status: [400], description: "an event older than the lateness bound, or after its unit was settled; not stored" },
  event_in_future: { status: [400], description: "an event more than the allowed skew ahead of server time; not stored" },
  event_conflict: { status: [409], description: "an event id already stored (or repeated in the request) with different content" },
  policy_invalid: { status: [422], description: "the policy does not compile (details.diagnostics lists every problem)" },
  policy_id_mismatch: { status: [400], description: "the published document's id is not the id in the URL" },
  range_too_large: { status: [400], description: "a behavioural diff over more stored events than the limit: narrow ?replayFrom..?replayTo" },
  engine_runaway: { status: [422], description: "the engine refused to loop on deadlines that do not advance (a bug; passed through from the engine)" },
  replay_until_invalid: { status: [422], description: "a replay's `until` is not a time (passed through from the engine)" },
  engine_time_out_of_range: { status: [422], description: "a time or a deadline computed from the event (e.g. a duration in its data) is outside the range the engine can keep; nothing stored (passed through from the engine)" },
  engine_unit_invalid: { status: [422], description: "the runtime handed the engine a unit that does not fit the event or the policy (a bug; passed through from the engine)" },
  busy: { status: [503], description: "the database kept refusing the transaction, or too many decision streams are open on this instance, or every evaluation worker is taken and its queue is full: retry" },
  shutting_down: { status: [503], description: "the runtime is shutting down and accepts no more events" },
  not_ready: { status: [503], description: "GET /readyz: the database is not reachable yet (details lists the checks)" },
  invalid_encoding: { status: [400], description: "a gzip, br or deflate body that does not decompress (Content-Encoding does not match the bytes)" },
  limit_exceeded: { status: [400], description: "a bound of docs/limits.md was exceeded (details.limit names it, details.path the field, details.max the bound)" },
  time_out_of_range: { status: [400], description: "a time or duration in the request falls outside the representable range (±275,760 years)" },
  budget_exceeded: { status: [422], description: "an evaluation or behavioural diff ran out of its time or memory budget in the worker pool (details name the budget)" },
  evaluation_failed: { status: [422], description: "the engine failed on this input in POST /v1/evaluate or a behavioural diff (a bug worth reporting; logged)" },
  database_unavailable: { status: [503], description: "the database connection failed and retries did not help: retry later (Retry-After)" },
  too_many_streams: { status: [429], description: "this key already holds its allowance of open decision streams (YARDSTICK_STREAMS_PER_KEY); close one, or retry after details.retryAfterSeconds" },
  not_acceptable: { status: [406], description: "an export asked for (Accept) a format it does not have: application/x-ndjson or text/csv (or send ?format=ndjson|csv)" },
  internal: { status: [500], description: "a bug: the request was not completed (logged with its stack)" },
} as const satisfies Record<string, HttpCodeEntry>;

export type HttpErrorCode = keyof typeof HTTP_ERROR_CODES;

/** Problems GET /v1/policies/:id/verify reports in `problems[].code` (a 200 answer, not an error). */
export const VERIFY_PROBLEM_CODES = {
  version_gap: { description: "the stored versions are not 1, 2, 3, … without a gap" },
  content_changed: { description: "a stored document no longer hashes to its recorded content hash" },
  version_field_changed: { description: "a stored document's `version` field is not its version" },
  chain_broken: { description: "a version's `prevChain` is not the previous version's chain hash" },
  record_changed: { description: "a version's record (hash, author, message, time, prev) no longer hashes to its chain hash" },
} as const satisfies Record<string, { description: string }>;

export type VerifyProblemCode = keyof typeof VERIFY_PROBLEM_CODES;

// Every engine error code must be an HTTP code: the runtime passes them through.
const passedThrough: Record<EngineErrorCode, HttpErrorCode> = {
  event_invalid: "event_invalid",
  event_too_late: "event_too_late",
  policy_invalid: "policy_invalid",
  engine_runaway: "engine_runaway",
  replay_until_invalid: "replay_until_invalid",
  engine_time_out_of_range: "engine_time_out_of_range",
  engine_unit_invalid: "engine_unit_invalid",
};

/**
 * The HTTP code for an engine error code (the same text).
 * @example httpCodeOf("event_too_late") // "event_too_late"
 */
export function httpCodeOf(code: EngineErrorCode): HttpErrorCode {
  return passedThrough[code];
}
