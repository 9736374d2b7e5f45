/**
 * Request gates, in order: authenticate (401), rate limit (429), permission (403).
 * Everything under /v1 passes the first two; each route names its permission.
 */
import type { RequestHandler, Response } from "express";
import { HttpError } from "../http-error.js";
import { GRANTS, type KeyStore, type Permission, type Principal } from "./keys.js";

/** The one route a stream token opens (as mounted: the gates run on the whole app). */
export const STREAM_PATH = "/v1/decisions/stream";

/** The authenticated caller of a request. */
export function principalOf(res: Response): Principal {
  const p = res.locals.principal as Principal | undefined;
  if (!p) throw new Error("route reached without authentication");
  return p;
}

/**
 * 401 unless `Authorization: Bearer <key>` names an active key. Wrong keys are limited
 * per client address (a token bucket of `failures`): once its burst is spent, every
 * further wrong key from that address gets 429 with Retry-After, which tells a guesser
 * nothing (issue 14: 3,040 wrong keys in 6.9 s were never limited). A valid key from
 * the same address (clients behind one NAT) still gets in. A missing header is not
 * counted: it reveals nothing either.
 */
export function authenticate(keys: KeyStore, failures: { perSecond: number; burst: number }, onFailure: (result: "unauthorized" | "rate_limited") => void = () => {}): RequestHandler {
  const buckets = new TokenBuckets(failures.perSecond, failures.burst);
  return async (req, res, next) => {
    const header = req.headers.authorization;
    const m = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    // The decision stream also opens with a stream token in the query (a browser's EventSource sends no headers).
    const streamToken = !m && req.method === "GET" && req.baseUrl + req.path === STREAM_PATH && typeof req.query.access_token === "string" ? req.query.access_token : null;
    if (!m && streamToken === null) return next(new HttpError(401, "unauthorized", "an API key is required: Authorization: Bearer <key>"));
    const principal = m ? await keys.authenticate(m[1]!) : await keys.authenticateStreamToken(streamToken!);
    if (!principal) {
      const address = req.socket.remoteAddress ?? "unknown";
      const wait = buckets.emptyFor(address);
      if (wait > 0) {
        onFailure("rate_limited");
        return next(new HttpError(429, "rate_limited", "too many failed authentications from this address: wait and retry with a valid key", { retryAfterSeconds: wait }));
      }
      buckets.take(address);
      onFailure("unauthorized");
      return next(new HttpError(401, "unauthorized", "the API key is not valid (unknown or revoked)"));
    }
    res.locals.principal = principal;
    next();
  };
}

/** Token buckets keyed by text (a Map: the keys come from clients), bounded in number. */
class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
  ) {}
  private refill(key: string): { tokens: number; at: number } {
    const now = Date.now();
    let b = this.buckets.get(key);
    if (!b) {
      if (this.buckets.size > 100_000) this.buckets.clear();
      this.buckets.set(key, (b = { tokens: this.burst, at: now }));
    }
    b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) / 1000) * this.perSecond);
    b.at = now;
    return b;
  }
  /** Seconds until a token is back, or 0 when one is there now. */
  emptyFor(key: string): number {
    const b = this.refill(key);
    return b.tokens >= 1 ? 0 : Math.max(1, Math.ceil((1 - b.tokens) / this.perSecond));
  }
  take(key: string): void {
    this.refill(key).tokens -= 1;
  }
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
