/**
 * The webhook outbox's enqueue, as SQL that recordDecisions (db/writes.ts) runs in the
 * same statement that stores decisions: a delivery is enqueued in the transaction that
 * records its decision (committed together or not at all), and only for a decision
 * stored now (ON CONFLICT … RETURNING gives only new rows), so two instances recording
 * the same decision enqueue it once. The delivery id is derived from (subscription,
 * decision): a retry, or the same decision seen twice, keeps the id the receiver
 * deduplicates by (Standard Webhooks `webhook-id`).
 */

/**
 * A CTE over `stored` (rows of decisions just inserted: id, policy, standard, subject,
 * status, body) inserting one pending delivery per matching subscription.
 */
export const ENQUEUE_DELIVERIES_CTE = `webhook_enqueue AS (
  INSERT INTO webhook_deliveries (id, subscription, decision, payload, next_at_ms)
  SELECT 'msg_' || md5(s.id || ':' || d.id), s.id, d.id,
         json_build_object('type', 'decision.' || d.status, 'timestamp', d.body->>'at', 'data', d.body),
         (extract(epoch FROM clock_timestamp()) * 1000)::bigint
  FROM stored d JOIN webhook_subscriptions s
    ON (s.policy IS NULL OR s.policy = d.policy)
   AND (s.standard IS NULL OR s.standard = d.standard)
   AND (s.statuses IS NULL OR d.status = ANY (s.statuses))
   AND (s.subject_prefix IS NULL OR starts_with(d.subject, s.subject_prefix))
  ON CONFLICT (id) DO NOTHING)`;
