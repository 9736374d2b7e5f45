/**
 * Builds the runtime: opens and migrates the database, makes sure an admin key exists,
 * publishes the shipped policies on first start, starts the deadline scheduler (which
 * fires overdue deadlines at once) and assembles the Express app. server.ts listens.
 *
 * Request pipeline: request id → log + metrics → security headers → compression → public routes → /v1: authenticate (401) → rate
 * limit (429) → the route's permission (403) → JSON body (400/413/415) → handler →
 * one error middleware.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import compression from "compression";
import express, { type Express, type RequestHandler } from "express";
import helmet from "helmet";
import { KeyStore } from "./auth/keys.js";
import { authenticate, rateLimit, requirePermission } from "./auth/middleware.js";
import { openDatabase, type Database } from "./db/database.js";
import { migrate } from "./db/migrations.js";
import { DecisionSignal } from "./decisions/stream.js";
import type { RuntimeConfig } from "./env.js";
import { errorMiddleware, HttpError, notFound } from "./http-error.js";
import { Ingestor } from "./ingest/ingestor.js";
import { checkShape, LIMITS } from "./limits.js";
import { DeadlineScheduler } from "./jobs/scheduler.js";
import { webhookRoutes } from "./routes/webhooks.js";
import { WebhookDispatcher } from "./webhooks/dispatcher.js";
import { WebhookStore } from "./webhooks/subscriptions.js";
import { WorkerPool } from "./workers/pool.js";
import { createLogger, type Logger } from "./observability/logger.js";
import { Metrics } from "./observability/metrics.js";
import { requestId } from "./observability/request-id.js";
import { bootstrapShippedPolicies } from "./policies/bootstrap.js";
import { PolicyStore } from "./policies/store.js";
import { adminRoutes } from "./routes/admin.js";
import { auditRoutes } from "./routes/audit.js";
import { decisionRoutes } from "./routes/decisions.js";
import { evaluateRoutes } from "./routes/evaluate.js";
import { eventRoutes } from "./routes/events.js";
import { mountPublicRoutes } from "./routes/health.js";
import { keyRoutes } from "./routes/keys.js";
import { policyRoutes } from "./routes/policies.js";
import { exportRoutes } from "./routes/exports.js";
import { reportRoutes } from "./routes/reports.js";
import type { RouteDef, Services } from "./routes/route.js";

export type { RuntimeConfig } from "./env.js";
export { defaultConfig, readEnv } from "./env.js";
export type { RouteDef } from "./routes/route.js";

export interface Runtime {
  app: Express;
  services: Services;
  /** The /v1 routes with their permissions. */
  routes: RouteDef[];
  /** An admin key generated on this start (no admin existed and none was configured); print it once. */
  generatedAdminKey: string | null;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  logger?: Logger;
  /** An already opened database (tests share one per file). */
  db?: Database;
}

/**
 * Opens everything and returns the app, not yet listening.
 * @example const rt = await createRuntime(readEnv()); rt.app.listen(8080);
 */
export async function createRuntime(config: RuntimeConfig, options: RuntimeOptions = {}): Promise<Runtime> {
  const logger = options.logger ?? createLogger(config.log);
  const db = options.db ?? (await openDatabase(config.database));
  try {
    await migrate(db);
    const keys = new KeyStore(db);
    const generatedAdminKey = await keys.bootstrapAdmin(config.adminKey);
    const policies = new PolicyStore(db);
    await bootstrapShippedPolicies(db, policies, config.policiesDir, logger);
    const metrics = new Metrics();
    const signal = new DecisionSignal();
    const closer = new AbortController();
    const countDecisions = (ds: Array<{ status: string }>) => {
      for (const d of ds) metrics.decisions.inc({ status: d.status });
      if (ds.length) signal.notify();
    };
    const scheduler = new DeadlineScheduler({ db, policies, metrics, logger, latenessMs: config.latenessMs, ...config.scheduler, onCommit: countDecisions });
    const ingestor = new Ingestor({
      db,
      policies,
      metrics,
      logger,
      latenessMs: config.latenessMs,
      suspendAfter: config.policyFaultLimit,
      onCommit(r) {
        countDecisions(r.recorded);
        if (r.earliestDue !== null) scheduler.wake(r.earliestDue);
      },
    });
    const workers = new WorkerPool({ size: config.budget.workers, queue: config.budget.queue, budgetMs: config.budget.ms, memoryMb: config.budget.memoryMb, metrics, logger });
    const webhooks = new WebhookStore(db);
    const dispatcher = new WebhookDispatcher({ db, logger, metrics, pollMs: config.scheduler.pollMs, ...config.webhooks });
    const services: Services = { config, db, keys, policies, ingestor, scheduler, metrics, logger, signal, workers, webhooks, dispatcher, closing: closer.signal };
    const routes = [
      ...eventRoutes(services),
      ...decisionRoutes(services),
      ...evaluateRoutes(services),
      ...policyRoutes(services),
      ...keyRoutes(services),
      ...auditRoutes(services),
      ...adminRoutes(services),
      ...webhookRoutes(services),
      ...reportRoutes(services),
      ...exportRoutes(services),
    ];
    const app = buildApp(services, routes);
    if (config.scheduler.enabled) scheduler.start();
    // Deliveries go out from the same instances that fire deadlines (both are background work).
    if (config.scheduler.enabled) dispatcher.start();
    let closed = false;
    return {
      app,
      services,
      routes,
      generatedAdminKey,
      async close() {
        if (closed) return;
        closed = true;
        closer.abort();
        await scheduler.stop();
        await dispatcher.stop();
        await ingestor.close();
        await workers.close();
        if (!options.db) await db.close();
      },
    };
  } catch (err) {
    if (!options.db) await db.close().catch(() => {});
    throw err;
  }
}

function buildApp(s: Services, routes: RouteDef[]): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  app.use(requestId());
  app.use(requestLog(s));
  app.use(securityHeaders());
  app.use(compress());
  mountPublicRoutes(app, s);
  app.use("/v1", authenticate(s.keys, s.config.authFailures, (result) => s.metrics.authFailures.inc({ result })), rateLimit(s.config.rateLimit.perSecond, s.config.rateLimit.burst));
  const json = express.json({ limit: s.config.bodyLimitBytes, strict: false });
  const requireJson: RequestHandler = (req, _res, next) => {
    if (!req.is("application/json")) return next(new HttpError(415, "unsupported_media_type", "send the body as Content-Type: application/json"));
    next();
  };
  // Before any handler walks the body recursively (docs/limits.md).
  const boundBody: RequestHandler = (req, _res, next) => {
    checkShape(req.body, "", { maxDepth: LIMITS.bodyDepth, depthLimit: "bodyDepth", maxNodes: LIMITS.bodyNodes, maxString: LIMITS.stringChars });
    next();
  };
  for (const r of routes) {
    const handler: RequestHandler = async (req, res) => {
      await r.handler(req, res);
    };
    app[r.method](r.path, requirePermission(r.permission), ...(r.body ? [requireJson, json, boundBody] : []), handler);
  }
  app.use("/v1", notFound);
  mountAuthoring(app, s.config.authoringDir);
  app.use(notFound);
  app.use(errorMiddleware(s.logger));
  return app;
}

/**
 * helmet's headers on every answer (the app keeps its key in sessionStorage, so an
 * injected script must not run): a CSP that allows this origin's own scripts, styles
 * and workers (Monaco's editor and JSON workers, the simulator) and nothing external.
 * Monaco sets inline styles, hence 'unsafe-inline' for styles only; no inline script
 * anywhere (/docs serves its script as a file). 'unsafe-eval' because the engine runs
 * in the page and its worker, and ajv compiles the policy schema's validators with
 * `new Function` (without it the editor never shows its first check); precompiling the
 * schema with ajv's standalone code at build time would let it go. Still no code from
 * anywhere but this origin. No upgrade-insecure-requests: the runtime is usually
 * reached over plain http on localhost.
 */
function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-eval'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:"],
        fontSrc: ["'self'", "data:"],
        workerSrc: ["'self'", "blob:"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    strictTransportSecurity: false,
  });
}

/** One log line and one latency observation per request, labelled by route pattern. */
function requestLog(s: Services): RequestHandler {
  return (req, res, next) => {
    const start = process.hrtime.bigint();
    res.on("finish", () => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const route = req.route?.path ? String(req.route.path) : req.path.startsWith("/v1") ? "/v1 (unmatched)" : "other";
      s.metrics.requests.observe(seconds, { method: req.method, route, status: String(res.statusCode) });
      s.logger.info("request", {
        method: req.method,
        path: req.originalUrl.split("?")[0],
        route,
        status: res.statusCode,
        ms: Math.round(seconds * 1e6) / 1e3,
        key: (res.locals.principal as { name?: string } | undefined)?.name,
        // Explicit: "finish" may fire outside the request's async scope.
        requestId: res.locals.requestId as string,
      });
    });
    next();
  };
}

/**
 * gzip or brotli, as the client accepts, for answers over 1 KiB (the compression
 * package; its filter skips types that do not compress). Never for server-sent events:
 * compression buffers, and a decision must reach the subscriber when it is made.
 */
function compress(): RequestHandler {
  return compression({
    threshold: 1024,
    filter: (req, res) => !String(res.getHeader("content-type") ?? "").startsWith("text/event-stream") && compression.filter(req, res),
  });
}

/** The app's hashed build files (Vite's assets/<name>-<hash>.<ext>) never change under their name. */
const IMMUTABLE = "public, max-age=31536000, immutable";

/**
 * Serves the authoring app's build at / when it exists (client-side routes fall back to
 * index.html). Hashed /assets/* are cached for a year; index.html is revalidated on
 * every load (no-cache), so a new build is picked up at once.
 */
function mountAuthoring(app: Express, dir: string | null): void {
  const index = dir ? join(dir, "index.html") : null;
  if (!dir || !index || !existsSync(index)) {
    app.get("/", (_req, res) => {
      res.type("html").send(`<!doctype html><meta charset="utf-8"><title>Yardstick runtime</title><p>Yardstick runtime. The authoring app is not built (npm run build). API: <a href="/docs">/docs</a>.</p>`);
    });
    return;
  }
  const assets = join(dir, "assets");
  app.use(
    express.static(dir, {
      index: "index.html",
      setHeaders(res, path) {
        res.setHeader("cache-control", path.startsWith(assets) ? IMMUTABLE : "no-cache");
      },
    }),
  );
  app.get("/{*splat}", (req, res, next) => {
    if (!req.accepts("html")) return next();
    res.setHeader("cache-control", "no-cache");
    res.sendFile(index);
  });
}
