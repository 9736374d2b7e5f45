/**
 * Route definitions. Every /v1 route names the one permission it needs; app.ts mounts
 * them behind authentication and rate limiting, and the permission gate comes before
 * the body is even parsed. The list is also what the tests check against the OpenAPI
 * document and the role matrix.
 */
import type { Request, RequestHandler, Response } from "express";
import type { Permission } from "../auth/keys.js";
import type { KeyStore } from "../auth/keys.js";
import type { Database } from "../db/database.js";
import type { RuntimeConfig } from "../env.js";
import type { DecisionSignal } from "../decisions/stream.js";
import type { Ingestor } from "../ingest/ingestor.js";
import type { DeadlineScheduler } from "../jobs/scheduler.js";
import type { Logger } from "../observability/logger.js";
import type { Metrics } from "../observability/metrics.js";
import type { PolicyStore } from "../policies/store.js";
import type { WebhookDispatcher } from "../webhooks/dispatcher.js";
import type { WebhookStore } from "../webhooks/subscriptions.js";
import type { WorkerPool } from "../workers/pool.js";

/** Everything a route may use. */
export interface Services {
  config: RuntimeConfig;
  db: Database;
  keys: KeyStore;
  policies: PolicyStore;
  ingestor: Ingestor;
  scheduler: DeadlineScheduler;
  metrics: Metrics;
  logger: Logger;
  signal: DecisionSignal;
  /** Evaluate and diff run here, off the event loop, with a budget. */
  workers: WorkerPool;
  webhooks: WebhookStore;
  /** Sends the webhook outbox (started with the scheduler). */
  dispatcher: WebhookDispatcher;
  /** Aborted when the runtime closes (ends open streams). */
  closing: AbortSignal;
}

export interface RouteDef {
  method: "get" | "post" | "delete";
  /** Express path, e.g. /v1/policies/:id/versions. */
  path: string;
  permission: Permission;
  /** True when the route reads a JSON body. */
  body?: boolean;
  handler: (req: Request, res: Response) => Promise<void> | void;
}

export type RouteHandler = RequestHandler;

/**
 * A GET route that answers 200 with what `answer` returns, as JSON: most reads.
 * @example getJson("/v1/keys", "keys:read", async () => ({ keys: await s.keys.list() }))
 */
export function getJson(path: string, permission: Permission, answer: (req: Request, res: Response) => unknown): RouteDef {
  return {
    method: "get",
    path,
    permission,
    async handler(req, res) {
      const body = await answer(req, res);
      if (body instanceof JsonText) res.type("application/json").send(body.text);
      else res.json(body);
    },
  };
}

/**
 * An answer that is already JSON text (a worker's), sent as it is: parsing and
 * re-serialising megabytes of it on the main thread would stall every other request.
 */
export class JsonText {
  constructor(readonly text: string) {}
}

/**
 * A POST route: it reads a JSON body, parsed only once the permission check has passed.
 * `handler` writes the answer (its status varies: 200, or 201 for what it created).
 */
export function postJson(path: string, permission: Permission, handler: RouteDef["handler"]): RouteDef {
  return { method: "post", path, permission, body: true, handler };
}
