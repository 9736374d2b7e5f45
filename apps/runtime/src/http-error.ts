/**
 * The one HTTP error type and the one error middleware. Every refusal is
 * `{error: {code, message, details}}`; a 4xx for anything the caller got wrong. Any
 * other exception is a bug: logged with its stack, answered 500 `internal`.
 *
 * Codes (API, never renamed): the closed list HTTP_ERROR_CODES in http-codes.ts, with
 * status and a line each (docs/codes.md).
 */
import type { ErrorRequestHandler, RequestHandler } from "express";
import type { Diagnostic } from "@yardstick/engine";
import type { Logger } from "./observability/logger.js";
import type { HttpErrorCode } from "./http-codes.js";

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: HttpErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "HttpError";
  }
}

/** 400 for a request field: `pointer` is a JSON pointer into the body (or `?name` for a query parameter). */
export function badRequest(code: HttpErrorCode, message: string, pointer: string, more: Record<string, unknown> = {}): HttpError {
  return new HttpError(400, code, message, { path: pointer, ...more });
}

/** 4xx from engine diagnostics: details carry them all, the message names the first. */
export function fromDiagnostics(status: number, code: HttpErrorCode, diagnostics: Diagnostic[]): HttpError {
  const first = diagnostics.find((d) => d.severity === "error") ?? diagnostics[0];
  const message = first ? `${first.path || "/"}: ${first.message}` : code;
  return new HttpError(status, code, message, { path: first?.path ?? "", diagnostics });
}

/** Body-parser failures (they carry `type` and `status`) mapped to our codes. */
const PARSER_ERRORS: Record<string, [number, HttpErrorCode, string]> = {
  "entity.parse.failed": [400, "invalid_json", "the request body is not valid JSON"],
  "entity.too.large": [413, "payload_too_large", "the request body is larger than the limit"],
  "encoding.unsupported": [415, "unsupported_media_type", "unsupported content encoding"],
  "charset.unsupported": [415, "unsupported_media_type", "unsupported charset"],
  "request.aborted": [400, "invalid_request", "the request was aborted"],
  "request.size.invalid": [400, "invalid_request", "the request size did not match Content-Length"],
};

/** Unknown routes: 404 in the error shape. */
export const notFound: RequestHandler = (req, _res, next) => {
  next(new HttpError(404, "not_found", `no route ${req.method} ${req.path}`));
};

/** The error middleware: the only place that writes an error response. */
export function errorMiddleware(logger: Logger): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) return next(err);
    let e: HttpError;
    if (err instanceof HttpError) e = err;
    else if (err && typeof err === "object" && typeof err.type === "string" && PARSER_ERRORS[err.type]) {
      const [status, code, message] = PARSER_ERRORS[err.type];
      e = new HttpError(status, code, message, err.type === "entity.too.large" ? { limit: err.limit } : {});
    } else {
      logger.error("unhandled error", { method: req.method, path: req.path, error: err instanceof Error ? err.stack : String(err) });
      e = new HttpError(500, "internal", "internal error (a bug): the request was not completed");
    }
    if (e.status === 429 && typeof e.details.retryAfterSeconds === "number") res.setHeader("retry-after", String(e.details.retryAfterSeconds));
    res.status(e.status).json({ error: { code: e.code, message: e.message, details: e.details } });
  };
}
