/**
 * A request id on every request: a sane incoming `X-Request-Id` (a proxy's or a
 * client's, so one id follows the request across systems) is kept, anything else is
 * replaced by a new UUID. It is sent back in the `X-Request-Id` response header and
 * added to every log line written while the request is handled (AsyncLocalStorage
 * carries it through the handler's awaits; see logger.ts).
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import type { RequestHandler } from "express";

const requestScope = new AsyncLocalStorage<{ requestId: string }>();

/** Letters, digits and . _ : - up to 128 characters: safe in a header and a log line. */
const SANE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The id of the request being handled here, if any. */
export function currentRequestId(): string | undefined {
  return requestScope.getStore()?.requestId;
}

/** Assigns the id (res.locals.requestId), sets the header, and runs the rest of the pipeline in its scope. */
export function requestId(): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get("x-request-id");
    const id = incoming !== undefined && SANE_ID.test(incoming) ? incoming : randomUUID();
    res.locals.requestId = id;
    res.setHeader("x-request-id", id);
    requestScope.run({ requestId: id }, next);
  };
}
