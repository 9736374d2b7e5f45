/**
 * Webhook subscriptions and their delivery log (issue 13): managers and admins create
 * and delete them and send a test; auditors read them. Secrets are shown once, at creation.
 */
import type { Request } from "express";
import { principalOf } from "../auth/middleware.js";
import { badRequest } from "../http-error.js";
import { parseSubscription } from "../webhooks/subscriptions.js";
import { bodyFields, queryInt } from "./params.js";
import { getJson, postJson, type RouteDef, type Services } from "./route.js";

function subscriptionId(req: Request): string {
  const id = String(req.params.id);
  if (!/^wh_[A-Za-z0-9_-]{1,40}$/.test(id)) throw badRequest("invalid_request", ":id must be a webhook subscription id (wh_…)", ":id");
  return id;
}

export function webhookRoutes(s: Services): RouteDef[] {
  return [
    postJson("/v1/webhooks", "webhooks:write", async (req, res) => {
      const body = bodyFields(req, ["url", "policy", "standard", "statuses", "subjectPrefix"]);
      res.status(201).json(await s.webhooks.create(parseSubscription(body), principalOf(res).name));
    }),
    getJson("/v1/webhooks", "webhooks:read", async () => ({ webhooks: await s.webhooks.list() })),
    {
      method: "delete",
      path: "/v1/webhooks/:id",
      permission: "webhooks:write",
      async handler(req, res) {
        res.json(await s.webhooks.remove(subscriptionId(req), principalOf(res).name));
      },
    },
    {
      // No body: the test payload is the runtime's.
      method: "post",
      path: "/v1/webhooks/:id/test",
      permission: "webhooks:write",
      async handler(req, res) {
        res.status(202).json(await s.webhooks.test(subscriptionId(req)));
      },
    },
    getJson("/v1/webhooks/:id/deliveries", "webhooks:read", async (req) => {
      const id = subscriptionId(req);
      const state = req.query.state;
      if (state !== undefined && state !== "pending" && state !== "delivered" && state !== "dead") throw badRequest("invalid_request", "?state must be pending, delivered or dead", "?state");
      return { deliveries: await s.webhooks.deliveries(id, state, queryInt(req, "limit", 1, 1000) ?? 100) };
    }),
  ];
}
