/**
 * Webhook subscriptions and their delivery log (issue 13): managers and admins create
 * and delete them and send a test; auditors read them. Secrets are shown once, at creation.
 */
import type { Request } from "express";
import { principalOf } from "../auth/middleware.js";
import { badRequest } from "../http-error.js";
import { DECISION_STATUSES } from "@yardstick/engine";
import { LIMITS } from "../limits.js";
import type { SubscriptionInput } from "../webhooks/subscriptions.js";
import { bodyFields, POLICY_ID, queryInt } from "./params.js";
import { getJson, postJson, type RouteDef, type Services } from "./route.js";

function subscriptionId(req: Request): string {
  const id = String(req.params.id);
  if (!/^wh_[A-Za-z0-9_-]{1,40}$/.test(id)) throw badRequest("invalid_request", ":id must be a webhook subscription id (wh_…)", ":id");
  return id;
}

/** Checks a POST /v1/webhooks body; every refusal names its field. */
function parseSubscription(body: Record<string, unknown>): SubscriptionInput {
  const url = body.url;
  if (typeof url !== "string" || url.length > LIMITS.webhookUrlChars) throw badRequest("invalid_request", `"url" must be an http(s) URL of at most ${LIMITS.webhookUrlChars} characters`, "/url");
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw badRequest("invalid_request", `"url" is not a URL`, "/url");
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw badRequest("invalid_request", `"url" must use http or https`, "/url");
  if (parsed.username || parsed.password) throw badRequest("invalid_request", `"url" may not carry a user or password (deliveries are signed instead)`, "/url");
  const name = (field: "policy" | "standard"): string | null => {
    const v = body[field];
    if (v === undefined || v === null) return null;
    if (typeof v !== "string" || !POLICY_ID.test(v)) throw badRequest("invalid_request", `"${field}" must be an id (letters, digits, . _ -; at most 100)`, `/${field}`);
    return v;
  };
  let statuses: string[] | null = null;
  if (body.statuses !== undefined && body.statuses !== null) {
    const known: readonly string[] = DECISION_STATUSES;
    if (!Array.isArray(body.statuses) || body.statuses.length === 0 || body.statuses.length > known.length) {
      throw badRequest("invalid_request", `"statuses" must be a non-empty list of decision statuses (${known.join(", ")})`, "/statuses");
    }
    body.statuses.forEach((s, i) => {
      if (typeof s !== "string" || !known.includes(s)) throw badRequest("invalid_request", `"statuses" item ${i} must be one of ${known.join(", ")}`, `/statuses/${i}`);
    });
    statuses = [...new Set(body.statuses as string[])];
  }
  let subjectPrefix: string | null = null;
  if (body.subjectPrefix !== undefined && body.subjectPrefix !== null) {
    if (typeof body.subjectPrefix !== "string" || !body.subjectPrefix || body.subjectPrefix.length > 200) throw badRequest("invalid_request", `"subjectPrefix" must be 1–200 characters`, "/subjectPrefix");
    subjectPrefix = body.subjectPrefix;
  }
  return { url, policy: name("policy"), standard: name("standard"), statuses, subjectPrefix };
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
