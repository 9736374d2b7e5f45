/**
 * Policy versions: published once, never changed (a trigger refuses UPDATE/DELETE),
 * hash-chained so that an edit made behind the runtime's back shows in `verify`.
 *
 * - `hash`: sha256 of the canonical document without its `version` field (the server
 *   assigns versions, so re-publishing the same content is recognised as such).
 * - `chain`: sha256 of the canonical {policy, version, hash, author, message,
 *   publishedAt, prev}; `prev` is the previous version's chain (null for version 1).
 */
import { compilePolicy, type CompiledPolicy, type PolicyDoc } from "@yardstick/engine";
import type { Database, Queryable } from "../db/database.js";
import { audit } from "../auth/keys.js";
import { canonicalJson, sha256 } from "../hash.js";
import { fromDiagnostics, HttpError } from "../http-error.js";
import type { VerifyProblemCode } from "../http-codes.js";
import { lockActivations } from "./activation-lock.js";
import { deactivateIn, SUSPEND_ACTOR } from "./faults.js";

export interface VersionInfo {
  id: string;
  version: number;
  hash: string;
  chain: string;
  prevChain: string | null;
  author: string;
  message: string;
  publishedAt: string;
  active: boolean;
}

export interface PublishResult extends VersionInfo {
  /** False when the content equals the latest version's (nothing new was stored). */
  created: boolean;
  diagnostics: unknown[];
}

export interface VerifyResult {
  id: string;
  ok: boolean;
  versions: number;
  head: string | null;
  problems: Array<{ version: number; code: VerifyProblemCode; message: string }>;
}

type Row = Record<string, any>;

/** The document's content hash (its `version` field excluded). */
export function contentHash(doc: Record<string, unknown>): string {
  const { version: _v, ...rest } = doc;
  return sha256(canonicalJson(rest));
}

function chainHash(v: { policy: string; version: number; hash: string; author: string; message: string; publishedAt: string; prev: string | null }): string {
  return sha256(canonicalJson(v));
}

/** never-activated, active, deactivated (by someone) or suspended (by the runtime after faults). */
export type PolicyState = "inactive" | "active" | "deactivated" | "suspended";

function policyState(version: number | null, actor: string | null): PolicyState {
  if (actor === null) return "inactive";
  if (version !== null) return "active";
  return actor === SUSPEND_ACTOR ? "suspended" : "deactivated";
}

function lockKey(policy: string): string {
  return sha256(`policy:${policy}`).slice(7, 22);
}

export class PolicyStore {
  private readonly compiled = new Map<string, CompiledPolicy>();

  constructor(private readonly db: Database) {}

  /**
   * Compiles and stores a new version (422 with diagnostics when it does not compile).
   * Publishing the latest version's content again returns that version.
   */
  async publish(id: string, doc: PolicyDoc, message: string, author: string, tx?: Queryable): Promise<PublishResult> {
    const check = compilePolicy(doc, { version: 1 });
    if (!check.ok) throw fromDiagnostics(422, "policy_invalid", check.diagnostics);
    const run = async (q: Queryable): Promise<PublishResult> => {
      await q.query("SELECT pg_advisory_xact_lock(('x' || $1)::bit(60)::bigint)", [lockKey(id)]);
      const latest = await q.query("SELECT version, hash, chain FROM policy_versions WHERE policy = $1 ORDER BY version DESC LIMIT 1", [id]);
      const hash = contentHash(doc as unknown as Record<string, unknown>);
      if (latest[0]?.hash === hash) {
        const info = (await this.versionRows(q, id, latest[0].version))[0];
        return { ...info, created: false, diagnostics: check.diagnostics };
      }
      const version = (latest[0]?.version ?? 0) + 1;
      const publishedAt = new Date().toISOString();
      const prev: string | null = latest[0]?.chain ?? null;
      const chain = chainHash({ policy: id, version, hash, author, message, publishedAt, prev });
      const stored = { ...doc, version };
      await q.query(
        "INSERT INTO policy_versions (policy, version, doc, hash, prev_chain, chain, author, message, published_at) VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7, $8, $9)",
        [id, version, JSON.stringify(stored), hash, prev, chain, author, message, publishedAt],
      );
      await audit(q, author, "policy.published", `${id}@${version}`, { hash, message });
      const active = await this.activeVersionOf(q, id);
      return { id, version, hash, chain, prevChain: prev, author, message, publishedAt, active: active === version, created: true, diagnostics: check.diagnostics };
    };
    return tx ? run(tx) : this.db.transaction(run);
  }

  /** Makes `version` the one that receives new events. */
  async activate(id: string, version: number, actor: string, tx?: Queryable): Promise<{ id: string; version: number; previous: number | null; changed: boolean }> {
    const run = async (q: Queryable) => {
      await q.query("SELECT pg_advisory_xact_lock(('x' || $1)::bit(60)::bigint)", [lockKey(id)]);
      const exists = await q.query("SELECT 1 FROM policy_versions WHERE policy = $1 AND version = $2", [id, version]);
      if (!exists.length) throw new HttpError(404, "not_found", `policy ${id} has no version ${version}`, { path: "/version" });
      const previous = await this.activeVersionOf(q, id);
      if (previous === version) return { id, version, previous, changed: false };
      // Compile before activating: a version the engine cannot run must not go live.
      await this.compiledVersion(id, version, q);
      // After the compile (up to a second for the largest policy): ingestion waits only for the write.
      await lockActivations(q);
      await q.query("INSERT INTO policy_activations (policy, version, actor) VALUES ($1, $2, $3)", [id, version, actor]);
      // Activating a version again (after a suspension) starts its fault count afresh.
      await q.query("DELETE FROM policy_faults WHERE policy = $1 AND version = $2", [id, version]);
      await audit(q, actor, "policy.activated", `${id}@${version}`, { previous });
      return { id, version, previous, changed: true };
    };
    return tx ? run(tx) : this.db.transaction(run);
  }

  /**
   * Stops a policy: no version receives events; its tracked subjects and units are
   * dropped (see deactivateIn). 404 for an unknown policy; deactivating an inactive
   * policy changes nothing.
   */
  async deactivate(id: string, actor: string, reason?: string): Promise<{ id: string; previous: number | null; changed: boolean }> {
    return this.db.transaction(async (q) => {
      await q.query("SELECT pg_advisory_xact_lock(('x' || $1)::bit(60)::bigint)", [lockKey(id)]);
      const exists = await q.query("SELECT 1 FROM policy_versions WHERE policy = $1 LIMIT 1", [id]);
      if (!exists.length) throw new HttpError(404, "not_found", `no policy ${id}`);
      const previous = await this.activeVersionOf(q, id);
      if (previous === null) return { id, previous, changed: false };
      await deactivateIn(q, id, actor, { previous, ...(reason ? { reason } : {}) });
      return { id, previous, changed: true };
    });
  }

  /** Every policy with versions, its title, latest and active version. */
  async list(): Promise<Array<{ id: string; title: unknown; latestVersion: number; activeVersion: number | null; activatedAt: string | null; state: PolicyState; changedBy: string | null }>> {
    const rows = await this.db.query(`
      SELECT v.policy, v.version AS latest, v.doc->'title' AS title, a.version AS active, a.activated_at, a.actor
      FROM (SELECT DISTINCT ON (policy) policy, version, doc FROM policy_versions ORDER BY policy, version DESC) v
      LEFT JOIN (SELECT DISTINCT ON (policy) policy, version, activated_at, actor FROM policy_activations ORDER BY policy, seq DESC) a ON a.policy = v.policy
      ORDER BY v.policy`);
    return rows.map((r) => ({
      id: r.policy,
      title: r.title,
      latestVersion: r.latest,
      activeVersion: r.active ?? null,
      activatedAt: r.active != null && r.activated_at ? new Date(r.activated_at).toISOString() : null,
      state: policyState(r.active ?? null, r.actor ?? null),
      changedBy: r.actor ?? null,
    }));
  }

  async activeVersionOf(q: Queryable, id: string): Promise<number | null> {
    const rows = await q.query("SELECT version FROM policy_activations WHERE policy = $1 ORDER BY seq DESC LIMIT 1", [id]);
    return rows[0]?.version ?? null;
  }

  /** History, oldest first (404 for an unknown policy). */
  async versions(id: string): Promise<{ id: string; activeVersion: number | null; state: PolicyState; versions: VersionInfo[] }> {
    const versions = await this.versionRows(this.db, id);
    if (!versions.length) throw new HttpError(404, "not_found", `no policy ${id}`);
    const last = await this.db.query("SELECT version, actor FROM policy_activations WHERE policy = $1 ORDER BY seq DESC LIMIT 1", [id]);
    return { id, activeVersion: versions.find((v) => v.active)?.version ?? null, state: policyState(last[0]?.version ?? null, last[0]?.actor ?? null), versions };
  }

  /** One version with its document. */
  async version(id: string, version: number): Promise<VersionInfo & { policy: PolicyDoc }> {
    const rows = await this.db.query("SELECT doc FROM policy_versions WHERE policy = $1 AND version = $2", [id, version]);
    if (!rows.length) throw new HttpError(404, "not_found", `policy ${id} has no version ${version}`);
    const [info] = await this.versionRows(this.db, id, version);
    return { ...info, policy: rows[0].doc };
  }

  /** A version's compiled policy (cached: versions never change). */
  async compiledVersion(id: string, version: number, q: Queryable = this.db): Promise<CompiledPolicy> {
    const key = `${id}@${version}`;
    const hit = this.compiled.get(key);
    if (hit) return hit;
    const rows = await q.query("SELECT doc FROM policy_versions WHERE policy = $1 AND version = $2", [id, version]);
    if (!rows.length) throw new HttpError(404, "not_found", `policy ${id} has no version ${version}`);
    const r = compilePolicy(rows[0].doc, { version });
    // Stored versions compiled when published: failing now means the engine changed under them.
    if (!r.ok) throw new Error(`stored policy ${key} no longer compiles: ${JSON.stringify(r.diagnostics.slice(0, 3))}`);
    this.compiled.set(key, r.value);
    return r.value;
  }

  /** Recomputes every content hash and the chain. */
  async verify(id: string): Promise<VerifyResult> {
    const rows = await this.db.query("SELECT version, doc, hash, prev_chain, chain, author, message, published_at FROM policy_versions WHERE policy = $1 ORDER BY version", [id]);
    if (!rows.length) throw new HttpError(404, "not_found", `no policy ${id}`);
    const problems: VerifyResult["problems"] = [];
    let prev: string | null = null;
    rows.forEach((r: Row, i: number) => {
      const v = r.version as number;
      if (v !== i + 1) problems.push({ version: v, code: "version_gap", message: `expected version ${i + 1}, found ${v}` });
      const hash = contentHash(r.doc);
      if (hash !== r.hash) problems.push({ version: v, code: "content_changed", message: `document hashes to ${hash}, recorded ${r.hash}` });
      if (r.doc?.version !== v) problems.push({ version: v, code: "version_field_changed", message: `document says version ${String(r.doc?.version)}` });
      if (r.prev_chain !== prev) problems.push({ version: v, code: "chain_broken", message: `prev is ${r.prev_chain}, expected ${prev}` });
      const publishedAt = new Date(r.published_at).toISOString();
      const chain = chainHash({ policy: id, version: v, hash: r.hash, author: r.author, message: r.message, publishedAt, prev: r.prev_chain });
      if (chain !== r.chain) problems.push({ version: v, code: "record_changed", message: `record hashes to ${chain}, recorded ${r.chain}` });
      prev = r.chain;
    });
    return { id, ok: problems.length === 0, versions: rows.length, head: prev, problems };
  }

  private async versionRows(q: Queryable, id: string, version?: number): Promise<VersionInfo[]> {
    const active = await this.activeVersionOf(q, id);
    const rows = await q.query(
      `SELECT version, hash, chain, prev_chain, author, message, published_at FROM policy_versions
       WHERE policy = $1 AND ($2::int IS NULL OR version = $2) ORDER BY version`,
      [id, version ?? null],
    );
    return rows.map((r) => ({
      id,
      version: r.version,
      hash: r.hash,
      chain: r.chain,
      prevChain: r.prev_chain,
      author: r.author,
      message: r.message,
      publishedAt: new Date(r.published_at).toISOString(),
      active: r.version === active,
    }));
  }
}
