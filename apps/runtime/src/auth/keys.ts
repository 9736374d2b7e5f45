/**
 * API keys and roles. A key is random (32 bytes), shown once, stored as its sha256.
 *
 * Roles (deny by default: a route names the one permission it needs):
 * - service: send events, read decisions (and their stream), evaluate
 * - manager: author, publish, activate; read policies, diffs, decisions; evaluate
 * - auditor: read everything (policies, diffs, verify, decisions, keys' metadata, the
 *   audit trail) and evaluate; changes nothing
 * - admin: everything, including keys. An admin is the operator of last resort (it
 *   can create any key anyway), so withholding other permissions would be theatre.
 */
import { randomBytes } from "node:crypto";
import type { Database, Queryable } from "../db/database.js";
import { sha256 } from "../hash.js";

export const ROLES = ["service", "manager", "auditor", "admin"] as const;
export type Role = (typeof ROLES)[number];

export type Permission =
  | "events:write"
  | "decisions:read"
  | "evaluate"
  | "policies:read"
  | "policies:write"
  | "keys:read"
  | "keys:write"
  | "audit:read"
  /** What the runtime set aside: quarantined units, failing policies. */
  | "ops:read"
  /** Webhook subscriptions and their delivery log. */
  | "webhooks:read"
  | "webhooks:write"
  /** Compliance reports, the live board of open obligations, exports of events and decisions. */
  | "reports:read"
  /** Any valid key: GET /v1/keys/me. */
  | "self";

const ALL: Permission[] = ["events:write", "decisions:read", "evaluate", "policies:read", "policies:write", "keys:read", "keys:write", "audit:read", "ops:read", "webhooks:read", "webhooks:write", "reports:read", "self"];

export const GRANTS: Readonly<Record<Role, ReadonlySet<Permission>>> = {
  service: new Set(["events:write", "decisions:read", "evaluate", "self"]),
  manager: new Set(["policies:read", "policies:write", "decisions:read", "evaluate", "webhooks:read", "webhooks:write", "reports:read", "self"]),
  auditor: new Set(["policies:read", "decisions:read", "evaluate", "keys:read", "audit:read", "ops:read", "webhooks:read", "reports:read", "self"]),
  admin: new Set(ALL),
};

export interface Principal {
  id: string;
  name: string;
  role: Role;
}

export interface KeyInfo extends Principal {
  createdAt: string;
  createdBy: string;
  revokedAt: string | null;
}

/**
 * Verified keys are cached briefly; a revocation takes effect on every instance within
 * this long (issue 14: 5 s let a revoked key write 68 events on another instance). The
 * price is one indexed lookup per key per second per instance.
 */
export const KEY_CACHE_MS = 1_000;

/** How long a decision-stream token opens the stream (an EventSource reconnecting within it needs no new one). */
export const STREAM_TOKEN_MS = 300_000;

/** Writes one audit-trail row inside the caller's transaction. */
export async function audit(tx: Queryable, actor: string, action: string, target: string, details: Record<string, unknown> = {}): Promise<void> {
  await tx.query("INSERT INTO audit_log (actor, action, target, details) VALUES ($1, $2, $3, $4::jsonb)", [actor, action, target, JSON.stringify(details)]);
}

export class KeyStore {
  private readonly cache = new Map<string, { principal: Principal | null; until: number }>();

  constructor(private readonly db: Database) {}

  /** Creates a key; the secret is returned here and never again. */
  async create(role: Role, name: string, actor: string): Promise<Principal & { key: string }> {
    return this.db.transaction((tx) => this.insert(tx, role, name, actor));
  }

  /** The principal a presented secret belongs to, or null (unknown or revoked). */
  async authenticate(secret: string): Promise<Principal | null> {
    const hash = sha256(secret);
    const now = Date.now();
    const hit = this.cache.get(hash);
    if (hit && hit.until > now) return hit.principal;
    const rows = await this.db.query<{ id: string; name: string; role: Role }>("SELECT id, name, role FROM api_keys WHERE hash = $1 AND revoked_at IS NULL", [hash]);
    const principal = rows[0] ? { id: rows[0].id, name: rows[0].name, role: rows[0].role } : null;
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(hash, { principal, until: now + KEY_CACHE_MS });
    return principal;
  }

  /**
   * A token that opens GET /v1/decisions/stream as `principal` for STREAM_TOKEN_MS, in
   * `?access_token=`: browsers' EventSource cannot send an Authorization header, and the
   * key itself must not travel in a URL. It grants nothing else, and dies with its key.
   */
  async mintStreamToken(principal: Principal): Promise<{ token: string; expiresAt: string }> {
    const token = `yst_${randomBytes(24).toString("base64url")}`;
    const now = Date.now();
    await this.db.transaction(async (tx) => {
      await tx.query("DELETE FROM stream_tokens WHERE expires_ms <= $1", [now]);
      await tx.query("INSERT INTO stream_tokens (hash, key_id, expires_ms) VALUES ($1, $2, $3)", [sha256(token), principal.id, now + STREAM_TOKEN_MS]);
    });
    return { token, expiresAt: new Date(now + STREAM_TOKEN_MS).toISOString() };
  }

  /** The principal of an unexpired stream token whose key is not revoked, or null. */
  async authenticateStreamToken(token: string): Promise<Principal | null> {
    const rows = await this.db.query<{ id: string; name: string; role: Role }>(
      "SELECT k.id, k.name, k.role FROM stream_tokens t JOIN api_keys k ON k.id = t.key_id WHERE t.hash = $1 AND t.expires_ms > $2 AND k.revoked_at IS NULL",
      [sha256(token), Date.now()],
    );
    return rows[0] ? { id: rows[0].id, name: rows[0].name, role: rows[0].role } : null;
  }

  async list(): Promise<KeyInfo[]> {
    const rows = await this.db.query("SELECT id, name, role, created_at, created_by, revoked_at FROM api_keys ORDER BY created_at, id");
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      role: r.role,
      createdAt: new Date(r.created_at).toISOString(),
      createdBy: r.created_by,
      revokedAt: r.revoked_at ? new Date(r.revoked_at).toISOString() : null,
    }));
  }

  /** Revokes a key; false when there is no such active key. */
  async revoke(id: string, actor: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.query("UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING hash", [id]);
      if (!rows.length) return false;
      await audit(tx, actor, "key.revoked", id);
      this.cache.delete(rows[0].hash);
      return true;
    });
  }

  /**
   * Makes sure an admin can get in: registers YARDSTICK_ADMIN_KEY when given, or on a
   * database without any admin key generates one and returns it (to print once).
   */
  async bootstrapAdmin(adminKey: string | undefined): Promise<string | null> {
    return this.db.transaction(async (tx) => {
      await tx.query("SELECT pg_advisory_xact_lock(7130002)");
      if (adminKey) {
        const exists = await tx.query("SELECT 1 FROM api_keys WHERE hash = $1", [sha256(adminKey)]);
        if (!exists.length) await this.insert(tx, "admin", "bootstrap-admin", "YARDSTICK_ADMIN_KEY", adminKey);
        return null;
      }
      const admins = await tx.query("SELECT 1 FROM api_keys WHERE role = 'admin' LIMIT 1");
      if (admins.length) return null;
      return (await this.insert(tx, "admin", "generated-admin", "first start")).key;
    });
  }

  private async insert(tx: Queryable, role: Role, name: string, actor: string, secret?: string): Promise<Principal & { key: string }> {
    const key = secret ?? `ys_${randomBytes(32).toString("base64url")}`;
    const id = `key_${randomBytes(6).toString("hex")}`;
    await tx.query("INSERT INTO api_keys (id, name, role, hash, created_by) VALUES ($1, $2, $3, $4, $5)", [id, name, role, sha256(key), actor]);
    await audit(tx, actor, "key.created", id, { name, role });
    return { id, name, role, key };
  }
}
