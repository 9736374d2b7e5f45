/**
 * Engine faults. Authoring problems are returned as Diagnostics, never thrown; a
 * YardstickError is for misuse at run time (an invalid event handed to `step`, an
 * event older than the lateness bound). Branch on `code`, never on message text.
 *
 * Codes (API, never renamed): the closed list ENGINE_ERROR_CODES in codes.ts, with a
 * line each (docs/codes.md).
 */
import type { EngineErrorCode } from "./codes.js";

export class YardstickError extends Error {
  readonly code: EngineErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: EngineErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = "YardstickError";
    this.code = code;
    this.details = details;
  }
}
