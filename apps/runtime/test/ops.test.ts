/**
 * Operations: health and readiness, Prometheus metrics, one JSON log line per request,
 * the OpenAPI document and /docs, rate limits, body limits, the admin key bootstrap,
 * the PGlite directory lock, and serving the authoring app.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRuntime } from "../src/app.js";
import { openDatabase } from "../src/db/database.js";
import { DataDirLockedError } from "../src/db/data-dir-lock.js";
import { createLogger } from "../src/observability/logger.js";
import { openApiDocument } from "../src/openapi/spec.js";
import { isoFromNow, startServerForSuite, testConfig, testDatabase, uid } from "./helpers.js";

describe("operations", () => {
  const lines: string[] = [];
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "yardstick-ops-"));
    mkdirSync(join(dir, "app"));
    writeFileSync(join(dir, "app", "index.html"), "<!doctype html><title>authoring</title>");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // Registered after the hooks above: starts once `dir` exists, and closes before it is removed.
  const t = startServerForSuite("pglite", {
    config: () => ({ rateLimit: { perSecond: 1, burst: 5 }, bodyLimitBytes: 4096, authoringDir: join(dir, "app"), log: "json" }),
    logger: createLogger("json", (l) => lines.push(l)),
  });

  it("answers /healthz and /readyz", async () => {
    expect(await t.call("GET", "/healthz", null)).toMatchObject({ status: 200, body: { status: "ok" } });
    expect(await t.call("GET", "/readyz", null)).toMatchObject({ status: 200, body: { status: "ready", database: "pglite", checks: { database: "ok", scheduler: "ok" } } });
  });

  it("writes one JSON log line per request, and Prometheus metrics", async () => {
    const admin = await t.call("POST", "/v1/keys", undefined, { role: "service", name: "metrics" });
    const service = admin.body.key as string;
    lines.length = 0;
    const e = { id: uid(), type: "guest.seated", subject: uid("visit"), time: isoFromNow(-10 * 60_000) };
    await t.call("POST", "/v1/events", service, e);
    await t.call("POST", "/v1/events", service, e);
    await t.runtime.services.scheduler.pass(Date.now());
    const logs = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === "request");
    expect(logs.map((l) => [l.method, l.path, l.route, l.status, l.key, typeof l.ms, typeof l.time, l.level])).toEqual([
      ["POST", "/v1/events", "/v1/events", 200, "metrics", "number", "string", "info"],
      ["POST", "/v1/events", "/v1/events", 200, "metrics", "number", "string", "info"],
    ]);
    const metrics = await t.call("GET", "/metrics", null);
    expect(metrics.headers.get("content-type")).toMatch(/^text\/plain/);
    const text = metrics.body as string;
    expect(text).toMatch(/^yardstick_events_total\{result="accepted"\} 1$/m);
    expect(text).toMatch(/^yardstick_events_total\{result="duplicate"\} 1$/m);
    expect(text).toMatch(/^yardstick_decisions_total\{status="breached"\} \d+$/m);
    expect(text).toMatch(/^yardstick_deadline_lag_seconds_count \d+$/m);
    expect(text).toMatch(/^yardstick_http_request_duration_seconds_bucket\{le="\+Inf",method="POST",route="\/v1\/events",status="200"\} 2$/m);
  });

  it("limits requests per key (429 with Retry-After) and bodies (413)", async () => {
    const key = (await t.call("POST", "/v1/keys", undefined, { role: "auditor", name: "busy" })).body.key as string;
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await t.call("GET", "/v1/keys/me", key)).status);
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    const limited = await t.call("GET", "/v1/keys/me", key);
    expect(limited).toMatchObject({ status: 429, body: { error: { code: "rate_limited", details: { retryAfterSeconds: 1 } } } });
    expect(limited.headers.get("retry-after")).toBe("1");
    const other = (await t.call("POST", "/v1/keys", undefined, { role: "auditor", name: "calm" })).body.key as string;
    expect((await t.call("GET", "/v1/keys/me", other)).status).toBe(200);
    const big = await t.call("POST", "/v1/evaluate", other, { events: [], pad: "x".repeat(5000) });
    expect(big).toMatchObject({ status: 413, body: { error: { code: "payload_too_large", details: { limit: 4096 } } } });
  });

  it("serves a complete OpenAPI 3.1 document and a /docs page that loads nothing from elsewhere", async () => {
    const doc = (await t.call("GET", "/openapi.json", null)).body;
    expect(doc).toEqual(JSON.parse(JSON.stringify(openApiDocument)));
    expect(doc.openapi).toBe("3.1.0");
    const refs = [...JSON.stringify(doc).matchAll(/"#\/components\/schemas\/(\w+)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(10);
    for (const r of refs) expect(Object.keys(doc.components.schemas)).toContain(r);
    const docs = await t.call("GET", "/docs", null);
    expect(docs.headers.get("content-type")).toMatch(/^text\/html/);
    // Its script and CSS are files of this origin (the CSP allows no inline script), and fetch nothing else.
    expect(docs.body).not.toMatch(/(src|href)=["']?(https?:)?\/\//);
    // Swagger UI's files, served from this origin, then the page's own starter.
    expect([...docs.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1])).toEqual(["/docs/swagger-ui.css", "/docs/swagger-ui-bundle.js", "/docs/docs.js"]);
    const script = await t.call("GET", "/docs/docs.js", null);
    expect(script.headers.get("content-type")).toMatch(/^application\/javascript|^text\/javascript/);
    expect(script.body).toContain('url: "/openapi.json"');
    expect(script.body).toContain("validatorUrl: null");
    expect(script.body).not.toMatch(/https?:\/\//);
    const bundle = await fetch(`${t.url}/docs/swagger-ui-bundle.js`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get("content-type")).toMatch(/^(application|text)\/javascript/);
    expect((await bundle.text()).length).toBeGreaterThan(500_000);
    expect((await t.call("GET", "/docs/swagger-ui.css", null)).headers.get("content-type")).toMatch(/^text\/css/);
  });

  it("serves the authoring app at / with client-side routes falling back to index.html", async () => {
    for (const path of ["/", "/versions/restaurant-dining"]) {
      const r = await t.call("GET", path, null, undefined, { accept: "text/html" });
      expect([path, r.status, r.body]).toEqual([path, 200, "<!doctype html><title>authoring</title>"]);
    }
  });

  it("generates an admin key once when none is configured", async () => {
    const d = await testDatabase("pglite");
    const config = testConfig(d.config, { adminKey: undefined, policiesDir: null });
    const first = await createRuntime(config, { db: d.db });
    await first.close();
    const second = await createRuntime(config, { db: d.db });
    await second.close();
    expect([typeof first.generatedAdminKey, second.generatedAdminKey]).toEqual(["string", null]);
    expect(await first.services.keys.authenticate(first.generatedAdminKey!)).toMatchObject({ role: "admin", name: "generated-admin" });
    await d.drop();
  });

  it("locks a PGlite data directory against a second process, and takes over a stale lock", async () => {
    const data = join(dir, "data");
    const db = await openDatabase({ kind: "pglite", dataDir: data });
    await expect(openDatabase({ kind: "pglite", dataDir: data })).rejects.toThrow(DataDirLockedError);
    await expect(openDatabase({ kind: "pglite", dataDir: data })).rejects.toThrow(/in use by another Yardstick runtime \(pid \d+\)/);
    await db.close();
    // A lock left by a process that no longer exists (kill -9) is stale.
    writeFileSync(join(data, "yardstick.lock"), "2147483646\n");
    const again = await openDatabase({ kind: "pglite", dataDir: data });
    await again.close();
  });
});
