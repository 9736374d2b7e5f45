/**
 * Engine faults. Authoring problems are returned as Diagnostics, never thrown; a
 * YardstickError is for misuse at run time (an invalid event handed to `step`, an
 * event older than the lateness bound). Branch on `code`, never on message text.
 *
 * Codes (API, never renamed):
 * - `event_invalid`      the event does not match the Event contract (details.path names the field)
 * - `event_too_late`     older than the state's lateness bound; nothing changed
 * - `policy_invalid`     a policy that did not compile was used
 * - `engine_time_out_of_range`  a time (event, advance target, watermark, until, or a deadline a
 *                        handler computed, e.g. from a duration in event data) is not a safe
 *                        integer within the Date range (evaluate/engine.ts assertTime); nothing changed
 * - `engine_runaway`     deadlines that do not move forward (a handler bug): stopped, never spun
 */
export class YardstickError extends Error {
  readonly code: string;
  readonly details: Record<string, unknown>;

  constructor(code: string, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = "YardstickError";
    this.code = code;
    this.details = details;
  }
}
