/**
 * Structured logs: one JSON object per line on stdout (`YARDSTICK_LOG=off` silences
 * them). Request lines are written by the request middleware, one per request; every
 * line written while a request is handled carries its `requestId`.
 */
import { currentRequestId } from "./request-id.js";
export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** A JSON-lines logger writing to `write` (stdout by default). */
export function createLogger(mode: "json" | "off", write: (line: string) => void = (l) => process.stdout.write(l)): Logger {
  if (mode === "off") return { info() {}, warn() {}, error() {} };
  const log = (level: string) => (msg: string, fields: Record<string, unknown> = {}) => {
    const requestId = currentRequestId();
    write(`${JSON.stringify({ time: new Date().toISOString(), level, msg, ...(requestId !== undefined ? { requestId } : {}), ...fields })}\n`);
  };
  return { info: log("info"), warn: log("warn"), error: log("error") };
}
