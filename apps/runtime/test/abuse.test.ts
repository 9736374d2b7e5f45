/**
 * Issue 14, abuse controls over real HTTP: failed authentications limited per client
 * address, decision-stream slots per key, a revoked key refused by a second instance on
 * the same database within the 1 s key cache, and security headers (helmet, a CSP with
 * nothing external and no inline script) on /, /docs and the API.
 */
import { afterAll, describe, expect, it } from "vitest";
import { KEY_CACHE_MS } from "../src/auth/keys.js";
import { openDatabase } from "../src/db/database.js";
import { ADMIN_KEY, startServer, startServerForSuite, testConfig, testDatabase, type TestServer } from "./helpers.js";

describe("abuse controls (pglite)", () => {
  const t = startServerForSuite("pglite", { config: () => ({ authFailures: { perSecond: 1, burst: 5 }, streamsPerKey: 2 }) });

  it("limits wrong keys per address: 401 for the burst, then 429 with Retry-After; a valid key still gets in", async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 8; i++) {
      const r = await t.call("GET", "/v1/keys/me", `ys_wrong_${i}`);
      statuses.push(r.status);
      if (r.status === 429) retryAfter = r.headers.get("retry-after");
    }
    // A burst of 5 (refilled at 1/s: the loop takes far less than a second per call).
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(6)).toEqual([429, 429]);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect((await t.call("GET", "/v1/keys/me")).status).toBe(200);
    // A missing key is not a guess: still 401.
    expect((await t.call("GET", "/v1/keys/me", null)).status).toBe(401);
    expect((await t.call("GET", "/metrics", null)).body).toMatch(/yardstick_auth_failures_total\{result="rate_limited"\} [1-9]/);
  });

  it("gives each key at most its share of decision streams (429 too_many_streams); other keys still get theirs", async () => {
    const other = (await t.call("POST", "/v1/keys", undefined, { role: "service", name: "stream-other" })).body.key;
    const open: AbortController[] = [];
    const stream = async (key: string) => {
      const ac = new AbortController();
      const r = await fetch(`${t.url}/v1/decisions/stream`, { headers: { authorization: `Bearer ${key}` }, signal: ac.signal });
      if (r.headers.get("content-type")?.startsWith("text/event-stream")) open.push(ac);
      else await r.text();
      return r.status;
    };
    try {
      expect([await stream(ADMIN_KEY), await stream(ADMIN_KEY), await stream(ADMIN_KEY)]).toEqual([200, 200, 429]);
      expect(await stream(other)).toBe(200);
    } finally {
      for (const ac of open) ac.abort();
    }
    // Slots come back when streams close.
    await new Promise((r) => setTimeout(r, 200));
    expect(await stream(ADMIN_KEY)).toBe(200);
    for (const ac of open) ac.abort();
  });

  it("sends security headers and a CSP with nothing external on /, /docs and the API; /docs has no inline script", async () => {
    for (const [path, key] of [["/", null], ["/docs", null], ["/docs/docs.js", null], ["/v1/keys/me", ADMIN_KEY], ["/v1/nothing", null]] as const) {
      const r = await t.call("GET", path, key);
      const csp = r.headers.get("content-security-policy") ?? "";
      expect([path, csp.split(";").map((d) => d.trim()).sort()]).toEqual([
        path,
        [
          "base-uri 'self'",
          "connect-src 'self'",
          "default-src 'self'",
          "font-src 'self' data:",
          "form-action 'self'",
          "frame-ancestors 'none'",
          "img-src 'self' data:",
          "object-src 'none'",
          "script-src 'self' 'unsafe-eval'",
          "style-src 'self' 'unsafe-inline'",
          "worker-src 'self' blob:",
        ],
      ]);
      expect([path, r.headers.get("x-content-type-options"), r.headers.get("x-frame-options"), r.headers.get("referrer-policy")]).toEqual([path, "nosniff", "SAMEORIGIN", "no-referrer"]);
    }
    const docs = (await t.call("GET", "/docs", null)).body as string;
    expect(docs.match(/<script[^>]*>/g)).toEqual(['<script src="/docs/swagger-ui-bundle.js">', '<script src="/docs/docs.js">']);
    expect(docs).not.toContain("<style");
  });
});

describe("revocation across instances (postgres)", () => {
  const servers: TestServer[] = [];
  let drop = async () => {};
  afterAll(async () => {
    for (const s of servers) await s.close();
    await drop();
  });

  it(`refuses a key revoked on instance A at instance B within ${KEY_CACHE_MS} ms`, async () => {
    const d = await testDatabase("postgres");
    drop = d.drop;
    const a = await startServer(testConfig(d.config), d.db);
    servers.push(a);
    const b = await startServer(testConfig(d.config), await openDatabase(d.config));
    servers.push(b);
    const made = (await a.call("POST", "/v1/keys", undefined, { role: "service", name: "to-revoke" })).body;
    // B has verified (and cached) the key.
    expect((await b.call("GET", "/v1/keys/me", made.key)).status).toBe(200);
    expect((await a.call("DELETE", `/v1/keys/${made.id}`)).status).toBe(200);
    const revokedAt = performance.now();
    let refusedAfter = -1;
    while (refusedAfter < 0) {
      if ((await b.call("GET", "/v1/keys/me", made.key)).status === 401) refusedAfter = performance.now() - revokedAt;
      else await new Promise((r) => setTimeout(r, 20));
    }
    console.log(`revoked key refused by the other instance after ${refusedAfter.toFixed(0)} ms`);
    // Whatever B cached was cached before the revocation: once a cache lifetime has passed, it must have asked the database.
    await new Promise((r) => setTimeout(r, Math.max(0, KEY_CACHE_MS - (performance.now() - revokedAt))));
    expect((await b.call("GET", "/v1/keys/me", made.key)).status).toBe(401);
    expect((await b.call("POST", "/v1/events", made.key, { id: "x", type: "guest.seated", subject: "s", time: new Date().toISOString() })).status).toBe(401);
  });
});
