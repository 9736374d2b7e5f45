/** Query-string and body readers that answer 400 naming the parameter. */
import type { Request } from "express";
import { parseIsoTime } from "@yardstick/engine";
import { badRequest } from "../http-error.js";

/** A policy id, as the URLs and webhook filters name it: letters, digits, . _ -, at most 100. */
export const POLICY_ID = /^[A-Za-z0-9][\w.-]{0,99}$/;

/** An optional single string parameter. */
export function queryString(req: Request, name: string): string | undefined {
  const v = req.query[name];
  if (v === undefined) return undefined;
  if (typeof v !== "string") throw badRequest("invalid_request", `?${name} must be given once, as a string`, `?${name}`);
  return v;
}

export function queryInt(req: Request, name: string, min: number, max: number): number | undefined {
  const v = queryString(req, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^-?\d+$/.test(v) || n < min || n > max) throw badRequest("invalid_request", `?${name} must be an integer from ${min} to ${max}`, `?${name}`);
  return n;
}

/** An ISO 8601 time (with offset) as epoch ms. */
export function queryTime(req: Request, name: string): number | undefined {
  const v = queryString(req, name);
  if (v === undefined) return undefined;
  return parseTime(v, `?${name}`);
}

export function queryBool(req: Request, name: string): boolean | undefined {
  const v = queryString(req, name);
  if (v === undefined) return undefined;
  if (v !== "true" && v !== "false") throw badRequest("invalid_request", `?${name} must be true or false`, `?${name}`);
  return v === "true";
}

export function parseTime(v: unknown, pointer: string): number {
  const t = parseIsoTime(v);
  if (t === null) throw badRequest("invalid_request", `${pointer} must be an ISO 8601 time with offset, e.g. 2026-11-22T12:00:00+08:00`, pointer);
  return t;
}

/** A positive integer path parameter such as :v. */
export function pathInt(req: Request, name: string): number {
  const v = String(req.params[name]);
  const n = Number(v);
  if (!/^\d{1,9}$/.test(v) || n < 1) throw badRequest("invalid_request", `:${name} must be a positive integer`, `:${name}`);
  return n;
}

/** The JSON body as an object with no fields but `allowed` (400 when it is anything else). */
export function bodyFields(req: Request, allowed: string[]): Record<string, unknown> {
  const b = req.body as unknown;
  if (b === null || typeof b !== "object" || Array.isArray(b)) throw badRequest("invalid_request", "the body must be a JSON object", "");
  onlyFields(b as Record<string, unknown>, allowed);
  return b as Record<string, unknown>;
}

/** Refuses body fields other than `allowed`. */
export function onlyFields(body: Record<string, unknown>, allowed: string[]): void {
  const extra = Object.keys(body).find((k) => !allowed.includes(k));
  if (extra !== undefined) throw badRequest("invalid_request", `unknown field "${extra}"`, `/${extra}`);
}

/**
 * A body value that must be a positive integer; the message names it by `pointer`.
 * @example bodyPositiveInt(ref.version, "/policyRef/version") // 400 `"policyRef.version" must be a positive integer`
 */
export function bodyPositiveInt(v: unknown, pointer: string): number {
  if (!Number.isInteger(v) || (v as number) < 1) throw badRequest("invalid_request", `"${pointer.slice(1).replaceAll("/", ".")}" must be a positive integer`, pointer);
  return v as number;
}
