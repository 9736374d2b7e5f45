/**
 * Request gates, in order: authenticate (401), rate limit (429), permission (403).
 * Everything under /v1 passes the first two; each route names its permission.
 */
import type { RequestHandler, Response } from "express";
import { HttpError } from "../http-error.js";
import { GRANTS, type KeyStore, type Permission, type Principal } from "./keys.js";

/** The authenticated caller of a request. */
export function principalOf(res: Response): Principal {
  const p = res.locals.principal as Principal | undefined;
  if (!p) throw new Error("route reached without authentication");
  return p;
}

/** 401 unless `Authorization: Bearer <key>` names an active key. */
export function authenticate(keys: KeyStore): RequestHandler {
  return async (req, res, next) => {
    const header = req.headers.authorization;
    const m = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!m) return next(new HttpError(401, "unauthorized", "an API key is required: Authorization: Bearer <key>"));
    const principal = await keys.authenticate(m[1]);
    if (!principal) return next(new HttpError(401, "unauthorized", "the API key is not valid (unknown or revoked)"));
    res.locals.principal = principal;
    next();
  };
}

/** 403 unless the caller's role grants `permission`. */
export function requirePermission(permission: Permission): RequestHandler {
  return (_req, res, next) => {
    const p = principalOf(res);
    if (GRANTS[p.role].has(permission)) return next();
    next(new HttpError(403, "forbidden", `role ${p.role} may not do this (needs ${permission})`, { role: p.role, permission }));
  };
}

/**
 * Token bucket per key: `perSecond` sustained, `burst` at once. Buckets live in the
 * process (a restart refills them, which loses nothing that matters); with several
 * instances each enforces its own share.
 */
export function rateLimit(perSecond: number, burst: number): RequestHandler {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return (_req, res, next) => {
    const id = principalOf(res).id;
    const now = Date.now();
    let b = buckets.get(id);
    if (!b) {
      if (buckets.size > 100_000) buckets.clear();
      buckets.set(id, (b = { tokens: burst, at: now }));
    }
    b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * perSecond);
    b.at = now;
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return next();
    }
    const retryAfterSeconds = Math.max(1, Math.ceil((1 - b.tokens) / perSecond));
    next(new HttpError(429, "rate_limited", `too many requests for this key (limit ${perSecond}/s, burst ${burst})`, { retryAfterSeconds }));
  };
}
