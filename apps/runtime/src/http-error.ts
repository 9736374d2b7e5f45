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
import { isConnectionError } from "./db/database.js";
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
const PARSER_ERRORS = new Map<string, [number, HttpErrorCode, string]>([
  ["entity.parse.failed", [400, "invalid_json", "the request body is not valid JSON"]],
  ["entity.too.large", [413, "payload_too_large", "the request body is larger than the limit"]],
  ["encoding.unsupported", [415, "unsupported_media_type", "unsupported content encoding"]],
  ["charset.unsupported", [415, "unsupported_media_type", "unsupported charset"]],
  ["request.aborted", [400, "invalid_request", "the request was aborted"]],
  ["request.size.invalid", [400, "invalid_request", "the request size did not match Content-Length"]],
]);

/** A body-parser refusal or a decompression failure (zlib's and brotli's errors carry status 400 and a code, no type). */
function parserError(err: unknown): HttpError | null {
  if (!err || typeof err !== "object") return null;
  const e = err as { type?: unknown; status?: unknown; code?: unknown; limit?: unknown };
  const known = typeof e.type === "string" ? PARSER_ERRORS.get(e.type) : undefined;
  if (known) return new HttpError(known[0], known[1], known[2], e.type === "entity.too.large" ? { limit: e.limit } : {});
  if (e.status === 400 && typeof e.code === "string" && e.type === undefined) {
    return new HttpError(400, "invalid_encoding", "the request body could not be decompressed (Content-Encoding does not match the bytes)", { path: "" });
  }
  return null;
}

/** Unknown routes: 404 in the error shape. */
export const notFound: RequestHandler = (req, _res, next) => {
  next(new HttpError(404, "not_found", `no route ${req.method} ${req.path}`));
};

/** The error middleware: the only place that writes an error response. */
export function errorMiddleware(logger: Logger): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) return next(err);
    let e: HttpError;
    const parsed = err instanceof HttpError ? null : parserError(err);
    if (err instanceof HttpError) e = err;
    else if (parsed) e = parsed;
    else if (isConnectionError(err)) {
      logger.warn("database unavailable", { method: req.method, path: req.path, error: err instanceof Error ? err.message : String(err) });
      e = new HttpError(503, "database_unavailable", "the database is not reachable right now; the request was not acknowledged: retry it (events are idempotent by id)", { retryAfterSeconds: 1 });
    } else {
      logger.error("unhandled error", { method: req.method, path: req.path, error: err instanceof Error ? err.stack : String(err) });
      e = new HttpError(500, "internal", "internal error (a bug): the request was not completed");
    }
    if ((e.status === 429 || e.status === 503) && typeof e.details.retryAfterSeconds === "number") res.setHeader("retry-after", String(e.details.retryAfterSeconds));
    res.status(e.status).json({ error: { code: e.code, message: e.message, details: e.details } });
  };
}
