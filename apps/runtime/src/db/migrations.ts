/**
 * The schema, as numbered migrations applied at start (PGlite and PostgreSQL alike).
 * A migration, once shipped, is never edited: add the next one.
 *
 * What lives here, so that a restart loses nothing:
 * - policy_versions, policy_activations, audit_log, events, decisions: append-only (a
 *   trigger refuses UPDATE, DELETE and TRUNCATE).
 * - api_keys: hashed keys (revocation sets revoked_at).
 * - subject_states / shared_states: the engine's state per (policy, version, subject)
 *   and of its policy-scoped standards per (policy, version). Each row is also its
 *   deadline row: `due_ms` is when the scheduler must next advance it (one row and one
 *   index instead of a second table: writing the pair cost about half of ingestion's
 *   database time).
 * Bodies and states written per event are `json`, not `jsonb`: stored as the text we
 * send, about three times cheaper to write, and never queried inside by the runtime.
 * - supersessions: which decisions a later one replaced (an index over decisions: a
 *   decision emitted again becomes effective again, so this one is not append-only).
 */
import type { Database } from "./database.js";

const APPEND_ONLY = ["policy_versions", "policy_activations", "audit_log", "events", "decisions"];

const V1 = `
CREATE FUNCTION yardstick_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'table % is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TABLE policy_versions (
  policy text NOT NULL,
  version integer NOT NULL CHECK (version > 0),
  doc jsonb NOT NULL,
  hash text NOT NULL,
  prev_chain text,
  chain text NOT NULL,
  author text NOT NULL,
  message text NOT NULL,
  published_at timestamptz NOT NULL,
  PRIMARY KEY (policy, version)
);

CREATE TABLE policy_activations (
  seq bigserial PRIMARY KEY,
  policy text NOT NULL,
  version integer NOT NULL,
  actor text NOT NULL,
  activated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (policy, version) REFERENCES policy_versions (policy, version)
);
CREATE INDEX policy_activations_latest ON policy_activations (policy, seq DESC);

CREATE TABLE api_keys (
  id text PRIMARY KEY,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('service', 'manager', 'auditor', 'admin')),
  hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text NOT NULL,
  revoked_at timestamptz
);

CREATE TABLE audit_log (
  seq bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor text NOT NULL,
  action text NOT NULL,
  target text NOT NULL,
  details jsonb NOT NULL DEFAULT '{}'
);

CREATE TABLE events (
  id text PRIMARY KEY,
  t_ms bigint NOT NULL,
  body json NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);
-- BRIN: events arrive roughly in time order, and a range scan (diff replays) is all it serves.
CREATE INDEX events_time ON events USING brin (t_ms);

CREATE TABLE decisions (
  seq bigserial PRIMARY KEY,
  txid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  id text NOT NULL UNIQUE,
  policy text NOT NULL,
  version integer NOT NULL,
  standard text NOT NULL,
  subject text NOT NULL,
  status text NOT NULL,
  at timestamptz NOT NULL,
  retracted boolean NOT NULL,
  body json NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX decisions_log ON decisions (txid, seq);
CREATE INDEX decisions_subject ON decisions (subject, txid, seq);

CREATE TABLE supersessions (
  decision_id text PRIMARY KEY,
  superseded_by text NOT NULL
);

CREATE TABLE subject_states (
  subject text NOT NULL,
  policy text NOT NULL,
  version integer NOT NULL,
  state json NOT NULL,
  due_ms bigint,
  PRIMARY KEY (subject, policy, version)
);
CREATE INDEX subject_states_due ON subject_states (due_ms) WHERE due_ms IS NOT NULL;

CREATE TABLE shared_states (
  policy text NOT NULL,
  version integer NOT NULL,
  state json NOT NULL,
  PRIMARY KEY (policy, version)
);

${APPEND_ONLY.map(
  (t) => `
CREATE TRIGGER ${t}_append_only BEFORE UPDATE OR DELETE ON ${t} FOR EACH ROW EXECUTE FUNCTION yardstick_refuse_change();
CREATE TRIGGER ${t}_no_truncate BEFORE TRUNCATE ON ${t} FOR EACH STATEMENT EXECUTE FUNCTION yardstick_refuse_change();`,
).join("")}
`;

/**
 * V2: policy-scoped standards (escalation) became engine units of their own, kept in
 * shared_states with their deadline. The earlier cross-subject format cannot be read by
 * the new engine: it is dropped (levels of complaints opened before the upgrade are not
 * carried over; their events stay stored and a replay derives them).
 */
const V2 = `
DELETE FROM shared_states;
ALTER TABLE shared_states ADD COLUMN due_ms bigint;
CREATE INDEX shared_states_due ON shared_states (due_ms) WHERE due_ms IS NOT NULL;
`;

/**
 * V3: the engine's kind states got real field names (escalation cases: openedAt,
 * openingId, level, groupValues; aggregate groups: members, windowStart, counts,
 * distinct, uncounted; queue tickets: number, className, yieldsTo). States in the old
 * format cannot be read: escalation units (shared_states) are dropped as in V2, and so
 * are the subjects holding a queue slot (a slot with `lines`). Their events stay stored;
 * a replay derives their decisions. Timing-only subjects are unchanged.
 */
const V3 = `
DELETE FROM shared_states;
DELETE FROM subject_states s WHERE EXISTS (SELECT 1 FROM json_each(s.state->'slots') AS slot WHERE json_typeof(slot.value) = 'object' AND slot.value->'lines' IS NOT NULL);
`;

/**
 * V4 (issue 14, policy operations and isolation):
 * - a policy_activations row with a NULL version deactivates the policy (manager action
 *   or auto-suspension): the log stays append-only and says who did it and when;
 * - policy_faults: run-time failures of an activated policy version (its events were
 *   stored; the failing policy skipped them), counted until it is auto-suspended;
 * - quarantine: subjects and policy-scoped units whose deadline evaluation threw; their
 *   row's due_ms is pushed back exponentially, the others keep firing.
 */
const V4 = `
ALTER TABLE policy_activations ALTER COLUMN version DROP NOT NULL;
CREATE TABLE policy_faults (
  policy text NOT NULL,
  version integer NOT NULL,
  faults integer NOT NULL,
  last_error text NOT NULL,
  last_event text,
  first_at timestamptz NOT NULL DEFAULT now(),
  last_at timestamptz NOT NULL DEFAULT now(),
  suspended_at timestamptz,
  PRIMARY KEY (policy, version)
);
CREATE TABLE quarantine (
  kind text NOT NULL CHECK (kind IN ('subject', 'shared')),
  policy text NOT NULL,
  version integer NOT NULL,
  subject text NOT NULL,
  error text NOT NULL,
  attempts integer NOT NULL,
  first_at timestamptz NOT NULL DEFAULT now(),
  last_at timestamptz NOT NULL DEFAULT now(),
  next_retry_ms bigint NOT NULL,
  PRIMARY KEY (kind, policy, version, subject)
);
`;

/**
 * V5 (issue 14 point 9, count obligations, not decisions): each decision's `obligation`
 * (Decision.obligation, set by the engine) as a column with an index, so GET
 * /v1/decisions?distinct=obligation keeps the latest decision of each. Rows stored
 * since the engine began setting it get it from their body; older rows keep null
 * (their decisions are counted one by one). The backfill only copies a value out of the
 * row's own body, so the append-only trigger is lifted for it, inside this transaction.
 */
const V5 = `
ALTER TABLE decisions ADD COLUMN obligation text;
ALTER TABLE decisions DISABLE TRIGGER decisions_append_only;
UPDATE decisions SET obligation = body->>'obligation' WHERE body->>'obligation' IS NOT NULL;
ALTER TABLE decisions ENABLE TRIGGER decisions_append_only;
CREATE INDEX decisions_obligation ON decisions (obligation, txid, seq) WHERE obligation IS NOT NULL;
`;

/**
 * V6 (issue 13, compliance reports): the figures a report aggregates, as columns of
 * their own (reading them out of the json body would parse every body of a year's
 * decisions on each report): elapsed_ms, over_by_ms, severity, and site, the `site`
 * data field of the decision's first event (its start event), when it has one. Filled
 * by recordDecisions; rows stored before get them from their body and their event here
 * (the append-only trigger is lifted for this backfill only, as in V5). The report's
 * index holds only outcomes (met, breached) and carries every column the report reads,
 * so PostgreSQL answers it from the index alone once the table is vacuumed.
 * events_export: exports page through events by (t_ms, id); the BRIN index finds a
 * range but cannot give its rows in order, which made each page sort the rest of it.
 */
const V6 = `
ALTER TABLE decisions ADD COLUMN elapsed_ms bigint, ADD COLUMN over_by_ms bigint, ADD COLUMN severity text, ADD COLUMN site text;
ALTER TABLE decisions DISABLE TRIGGER decisions_append_only;
UPDATE decisions d SET elapsed_ms = (d.body->>'elapsedMs')::bigint, over_by_ms = (d.body->>'overByMs')::bigint, severity = d.body->>'severity', site = (SELECT e.body->'data'->>'site' FROM events e WHERE e.id = d.body->'events'->>0);
ALTER TABLE decisions ENABLE TRIGGER decisions_append_only;
CREATE INDEX decisions_report ON decisions (policy, at) INCLUDE (id, standard, status, obligation, retracted, elapsed_ms, over_by_ms, severity, site) WHERE status IN ('met', 'breached');
CREATE INDEX events_export ON events (t_ms, id);
`;

/**
 * V7 (issue 13, webhooks): subscriptions, and an outbox of deliveries filled in the same
 * statement that stores a decision (so a decision is enqueued exactly once per matching
 * subscription, however many instances run: only a newly stored decision enqueues). A
 * delivery is pending until its receiver answers 2xx, retried with backoff, dead after
 * its last attempt; `next_at_ms` is also its lease while a dispatcher is sending it.
 * stream_tokens: short-lived tokens a browser's EventSource (which cannot send an
 * Authorization header) opens the decision stream with; stored hashed, as keys are.
 */
const V7 = `
CREATE TABLE webhook_subscriptions (
  id text PRIMARY KEY,
  url text NOT NULL,
  secret text NOT NULL,
  policy text,
  standard text,
  statuses text[],
  subject_prefix text,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE webhook_deliveries (
  id text PRIMARY KEY,
  subscription text NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
  decision text,
  payload json NOT NULL,
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'dead')),
  attempts integer NOT NULL DEFAULT 0,
  next_at_ms bigint NOT NULL,
  last_status integer,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  delivered_at timestamptz
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_at_ms) WHERE state = 'pending';
CREATE INDEX webhook_deliveries_log ON webhook_deliveries (subscription, created_at DESC);
CREATE TABLE stream_tokens (
  hash text PRIMARY KEY,
  key_id text NOT NULL REFERENCES api_keys (id),
  expires_ms bigint NOT NULL
);
`;

const MIGRATIONS: string[] = [V1, V2, V3, V4, V5, V6, V7];

/** Advisory lock id that serialises migrations across processes starting together. */
const MIGRATION_LOCK = 7_130_001;

/**
 * Applies the migrations this database has not seen, in one transaction per migration.
 * @example await migrate(db);
 */
export async function migrate(db: Database): Promise<number> {
  await db.query("CREATE TABLE IF NOT EXISTS yardstick_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())").catch(async (err) => {
    // Two processes creating it at once: one loses the race on the catalog; it exists now.
    if ((err as { code?: string }).code !== "23505" && (err as { code?: string }).code !== "42P07") throw err;
  });
  let applied = 0;
  for (let i = 0; i < MIGRATIONS.length; i++) {
    const version = i + 1;
    await db.transaction(async (tx) => {
      await tx.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
      const done = await tx.query("SELECT 1 FROM yardstick_migrations WHERE version = $1", [version]);
      if (done.length) return;
      for (const statement of splitStatements(MIGRATIONS[i])) await tx.query(statement);
      await tx.query("INSERT INTO yardstick_migrations (version) VALUES ($1)", [version]);
      applied++;
    });
  }
  return applied;
}

/** Splits a migration on statement ends, keeping $$-quoted function bodies whole. */
function splitStatements(sql: string): string[] {
  const out: string[] = [];
  let current = "";
  let quoted = false;
  for (const line of sql.split("\n")) {
    current += line + "\n";
    if ((line.match(/\$\$/g) ?? []).length % 2 === 1) quoted = !quoted;
    if (!quoted && line.trimEnd().endsWith(";")) {
      out.push(current.trim());
      current = "";
    }
  }
  if (current.trim()) out.push(current.trim());
  return out;
}
