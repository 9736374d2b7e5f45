/**
 * Webhook subscriptions (issue 13): a manager or admin names a receiver URL and which
 * decisions it wants (policy, standard, statuses, subject prefix such as "store-7/");
 * each gets its own signing secret (Standard Webhooks `whsec_…`, shown once). The
 * delivery log is the outbox itself: every delivery with its attempts, last answer and state.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Database } from "../db/database.js";
import { audit } from "../auth/keys.js";
import { HttpError } from "../http-error.js";
import { LIMITS } from "../limits.js";

export interface SubscriptionInput {
  url: string;
  policy: string | null;
  standard: string | null;
  statuses: string[] | null;
  subjectPrefix: string | null;
}

export interface Subscription extends SubscriptionInput {
  id: string;
  createdBy: string;
  createdAt: string;
}

interface Row {
  id: string;
  url: string;
  policy: string | null;
  standard: string | null;
  statuses: string[] | null;
  subject_prefix: string | null;
  created_by: string;
  created_at: string | Date;
}

function fromRow(r: Row): Subscription {
  return { id: r.id, url: r.url, policy: r.policy, standard: r.standard, statuses: r.statuses, subjectPrefix: r.subject_prefix, createdBy: r.created_by, createdAt: new Date(r.created_at).toISOString() };
}

export interface Delivery {
  id: string;
  decision: string | null;
  type: string;
  state: "pending" | "delivered" | "dead";
  attempts: number;
  nextAttemptAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

export class WebhookStore {
  constructor(private readonly db: Database) {}

  /** Creates a subscription; the answer carries its secret, which is never shown again. */
  async create(input: SubscriptionInput, actor: string): Promise<Subscription & { secret: string }> {
    const id = `wh_${randomBytes(9).toString("base64url")}`;
    const secret = `whsec_${randomBytes(24).toString("base64")}`;
    return this.db.transaction(async (tx) => {
      const n = Number((await tx.query("SELECT count(*)::int AS n FROM webhook_subscriptions"))[0]?.n ?? 0);
      if (n >= LIMITS.webhookSubscriptions) throw new HttpError(400, "limit_exceeded", `at most ${LIMITS.webhookSubscriptions} webhook subscriptions: delete one first`, { path: "", limit: "webhookSubscriptions" });
      const rows = await tx.query<Row>(
        `INSERT INTO webhook_subscriptions (id, url, secret, policy, standard, statuses, subject_prefix, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         RETURNING id, url, policy, standard, statuses, subject_prefix, created_by, created_at`,
        [id, input.url, secret, input.policy, input.standard, input.statuses, input.subjectPrefix, actor],
      );
      await audit(tx, actor, "webhook.created", id, { url: input.url, policy: input.policy, standard: input.standard, statuses: input.statuses, subjectPrefix: input.subjectPrefix });
      return { ...fromRow(rows[0]!), secret };
    });
  }

  async list(): Promise<Subscription[]> {
    const rows = await this.db.query<Row>("SELECT id, url, policy, standard, statuses, subject_prefix, created_by, created_at FROM webhook_subscriptions ORDER BY created_at, id");
    return rows.map(fromRow);
  }

  /** Deletes a subscription and its deliveries (pending ones are not sent). */
  async remove(id: string, actor: string): Promise<{ id: string; deleted: true }> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.query("DELETE FROM webhook_subscriptions WHERE id = $1 RETURNING id", [id]);
      if (!rows.length) throw new HttpError(404, "not_found", `no webhook subscription ${id}`, { path: ":id" });
      await audit(tx, actor, "webhook.deleted", id, {});
      return { id, deleted: true as const };
    });
  }

  /** Enqueues a `webhook.test` delivery now (the "send test" button). */
  async test(id: string): Promise<{ delivery: string }> {
    const delivery = `msg_test_${createHash("sha256").update(`${id}:${Date.now()}:${randomBytes(6).toString("hex")}`).digest("hex").slice(0, 24)}`;
    const payload = JSON.stringify({ type: "webhook.test", timestamp: new Date().toISOString(), data: { subscription: id } });
    const rows = await this.db.query(
      "INSERT INTO webhook_deliveries (id, subscription, decision, payload, next_at_ms) SELECT $1, id, NULL, $3::json, $4 FROM webhook_subscriptions WHERE id = $2 RETURNING id",
      [delivery, id, payload, Date.now()],
    );
    if (!rows.length) throw new HttpError(404, "not_found", `no webhook subscription ${id}`, { path: ":id" });
    return { delivery };
  }

  /** The delivery log of a subscription, newest first. */
  async deliveries(id: string, state: string | undefined, limit: number): Promise<Delivery[]> {
    const exists = await this.db.query("SELECT 1 FROM webhook_subscriptions WHERE id = $1", [id]);
    if (!exists.length) throw new HttpError(404, "not_found", `no webhook subscription ${id}`, { path: ":id" });
    const rows = await this.db.query<{
      id: string;
      decision: string | null;
      type: string;
      state: Delivery["state"];
      attempts: number;
      next_at_ms: string | number;
      last_status: number | null;
      last_error: string | null;
      created_at: string | Date;
      delivered_at: string | Date | null;
    }>(
      `SELECT id, decision, payload->>'type' AS type, state, attempts, next_at_ms, last_status, last_error, created_at, delivered_at FROM webhook_deliveries
       WHERE subscription = $1 AND ($2::text IS NULL OR state = $2) ORDER BY created_at DESC, id LIMIT $3`,
      [id, state ?? null, limit],
    );
    return rows.map((r) => ({
      id: r.id,
      decision: r.decision,
      type: r.type,
      state: r.state,
      attempts: r.attempts,
      nextAttemptAt: r.state === "pending" ? new Date(Number(r.next_at_ms)).toISOString() : null,
      lastStatus: r.last_status,
      lastError: r.last_error,
      createdAt: new Date(r.created_at).toISOString(),
      deliveredAt: r.delivered_at ? new Date(r.delivered_at).toISOString() : null,
    }));
  }
}
