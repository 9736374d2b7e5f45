/**
 * Public routes (no key): liveness, readiness, Prometheus metrics, the OpenAPI document
 * and its rendering. They reveal no data: metrics are counts and latencies.
 */
import type { Express } from "express";
import { docsPage, docsScript, swaggerFiles } from "../openapi/docs-page.js";
import { openApiDocument } from "../openapi/spec.js";
import type { Services } from "./route.js";

export function mountPublicRoutes(app: Express, s: Services): void {
  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/readyz", async (_req, res) => {
    const checks: Record<string, string> = {};
    try {
      await s.db.query("SELECT 1 FROM yardstick_migrations LIMIT 1");
      checks.database = "ok";
    } catch (err) {
      checks.database = err instanceof Error ? err.message : String(err);
    }
    checks.scheduler = s.scheduler.running ? "ok" : "stopped";
    const ready = Object.values(checks).every((v) => v === "ok") && !s.closing.aborted;
    res.status(ready ? 200 : 503).json(ready ? { status: "ready", database: s.db.kind, checks } : { error: { code: "not_ready", message: "not ready", details: checks } });
  });
  app.get("/metrics", async (_req, res) => {
    // Gauges kept in the database (shared by every instance), read at scrape time; a
    // database that is away leaves the last values.
    try {
      const [r] = await s.db.query<{ q: number; p: number }>("SELECT (SELECT count(*) FROM quarantine)::int AS q, (SELECT count(*) FROM policy_faults WHERE suspended_at IS NOT NULL)::int AS p");
      s.metrics.quarantined.set(r.q);
      s.metrics.suspendedPolicies.set(r.p);
    } catch {
      /* database away: /readyz says so */
    }
    const text = await s.metrics.render();
    res.setHeader("content-type", s.metrics.contentType);
    res.send(text);
  });
  app.get("/openapi.json", (_req, res) => {
    res.json(openApiDocument);
  });
  app.get("/docs", (_req, res) => {
    res.type("html").send(docsPage);
  });
  for (const [name, file] of swaggerFiles) {
    app.get(`/docs/${name}`, (_req, res) => {
      res.type(file.type).setHeader("cache-control", "public, max-age=86400");
      res.sendFile(file.path);
    });
  }
  app.get("/docs/docs.js", (_req, res) => {
    res.type("js").send(docsScript);
  });
}
