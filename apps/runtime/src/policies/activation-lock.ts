/**
 * One advisory lock orders changes of what is active against the event groups that read
 * it (issue 14: on PostgreSQL a group that read "active" just before a deactivation
 * committed still wrote its subjects' states after the deactivation had dropped them,
 * and their deadlines fired for a policy no longer active).
 *
 * Event groups take it shared, before they read the active versions, until they commit;
 * activate and deactivate take it exclusive just before they write, so they wait for the
 * groups under way (whose states they then drop or keep) and later groups see the change.
 * Auto-suspension takes it inside a group that already holds it shared: two groups
 * suspending at once deadlock, PostgreSQL aborts one, and the ingestor retries it.
 */
import type { Queryable } from "../db/database.js";

const ACTIVATIONS_LOCK = 7130004;

/** A select-list item taking the lock shared (part of the group's first statement: no extra round trip). */
export const ACTIVATIONS_SHARED_LOCK_SQL = `pg_advisory_xact_lock_shared(${ACTIVATIONS_LOCK})`;

/** Takes the lock exclusive until the transaction ends. */
export async function lockActivations(q: Queryable): Promise<void> {
  await q.query(`SELECT pg_advisory_xact_lock(${ACTIVATIONS_LOCK})`);
}
