/**
 * Sends the outbox's pending deliveries (issue 13): at least once, signed the Standard
 * Webhooks way (webhook-id, webhook-timestamp, webhook-signature = v1,HMAC-SHA256 of
 * "id.timestamp.body" under the subscription's whsec_ secret, computed by the
 * `standardwebhooks` library so receivers can verify with the same one).
 *
 * A pass claims due rows by pushing their `next_at_ms` one lease ahead (FOR UPDATE SKIP
 * LOCKED: two instances never claim the same row), sends them outside any transaction,
 * then records the answer: 2xx → delivered; otherwise retried with exponential backoff
 * (5 s, 10 s, 20 s … capped at 1 h) until the last attempt, then dead. A process killed
 * mid-send leaves the row claimed; the lease runs out and another pass sends it again
 * with the same webhook-id, which is what receivers deduplicate by.
 */
import { Webhook } from "standardwebhooks";
import type { Database } from "../db/database.js";
import type { Logger } from "../observability/logger.js";
import type { Metrics } from "../observability/metrics.js";

export interface DispatcherOptions {
  db: Database;
  logger: Logger;
  metrics: Metrics;
  pollMs: number;
  /** A receiver's answer must come within this (AbortSignal timeout). */
  timeoutMs: number;
  /** Attempts before a delivery is dead. */
  maxAttempts: number;
  /** Deliveries claimed per pass (sent concurrently). */
  batch: number;
}

/** Backoff before attempt n+1 after n failed attempts: 5 s × 2^(n-1), at most an hour. */
export function backoffMs(attempts: number): number {
  return Math.min(3_600_000, 5_000 * 2 ** Math.max(0, attempts - 1));
}

interface Claimed {
  id: string;
  attempts: number;
  payload: string;
  url: string;
  secret: string;
}

export class WebhookDispatcher {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = true;

  constructor(private readonly o: DispatcherOptions) {}

  start(): void {
    this.stopped = false;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => {});
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.pass().catch((err: unknown) => this.o.logger.error("webhook pass failed (retried next pass)", { error: String(err) }));
      void this.running.finally(() => this.schedule());
    }, this.o.pollMs);
  }

  /** One pass: claims what is due at `now`, sends it, records the answers. Returns how many were sent. */
  async pass(now = Date.now()): Promise<number> {
    const lease = this.o.timeoutMs + 5_000;
    const claimed = await this.o.db.query<Claimed>(
      `UPDATE webhook_deliveries d SET next_at_ms = $1::bigint + $2::bigint, attempts = d.attempts + 1
       FROM webhook_subscriptions s
       WHERE s.id = d.subscription AND d.id IN (SELECT id FROM webhook_deliveries WHERE state = 'pending' AND next_at_ms <= $1 ORDER BY next_at_ms LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING d.id, d.attempts, d.payload::text AS payload, s.url, s.secret`,
      [now, lease, this.o.batch],
    );
    await Promise.all(claimed.map((c) => this.send(c)));
    return claimed.length;
  }

  private async send(c: Claimed): Promise<void> {
    const sentAt = new Date();
    let status: number | null = null;
    let error: string | null = null;
    try {
      const signature = new Webhook(c.secret).sign(c.id, sentAt, c.payload);
      const r = await fetch(c.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": "Yardstick-Webhooks/1",
          "webhook-id": c.id,
          "webhook-timestamp": String(Math.floor(sentAt.getTime() / 1000)),
          "webhook-signature": signature,
        },
        body: c.payload,
        redirect: "manual",
        signal: AbortSignal.timeout(this.o.timeoutMs),
      });
      status = r.status;
      await r.body?.cancel().catch(() => {});
      if (status < 200 || status > 299) error = `the receiver answered ${status}`;
    } catch (err) {
      error = err instanceof Error ? `${err.name}: ${err.message}`.slice(0, 500) : String(err).slice(0, 500);
    }
    if (error === null) {
      await this.o.db.query("UPDATE webhook_deliveries SET state = 'delivered', delivered_at = now(), last_status = $2, last_error = NULL WHERE id = $1 AND state = 'pending'", [c.id, status]);
      this.o.metrics.webhookDeliveries.inc({ outcome: "delivered" });
      return;
    }
    const dead = c.attempts >= this.o.maxAttempts;
    await this.o.db.query(
      `UPDATE webhook_deliveries SET state = CASE WHEN $2 THEN 'dead' ELSE 'pending' END, next_at_ms = $3, last_status = $4, last_error = $5 WHERE id = $1 AND state = 'pending'`,
      [c.id, dead, Date.now() + backoffMs(c.attempts), status, error],
    );
    this.o.metrics.webhookDeliveries.inc({ outcome: dead ? "dead" : "retry" });
    if (dead) this.o.logger.error("webhook delivery dead after its last attempt", { delivery: c.id, attempts: c.attempts, error });
  }
}
