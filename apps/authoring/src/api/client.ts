/**
 * The runtime's HTTP API (docs/contracts.md, "Runtime HTTP API"), same origin, Bearer key.
 * Every refusal becomes an ApiError carrying the runtime's `{error:{code,message}}`,
 * so the interface can say plainly what was refused and why.
 */
import type { PolicyChange, PolicyDoc, TransitionCount } from "@yardstick/engine";

export type Role = "service" | "manager" | "auditor" | "admin";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export interface VersionInfo {
  version: number;
  hash?: string;
  author?: string;
  message?: string;
  publishedAt?: string;
  active?: boolean;
  /** From publish: false when the document equals an existing version (nothing new was stored). */
  created?: boolean;
}

export interface PolicySummary {
  id: string;
  title?: unknown;
  version?: number;
  activeVersion?: number;
}

export interface BehaviourChange {
  subject?: string;
  standard?: string;
  key?: string;
  message: string;
  before?: { status?: string } | null;
  after?: { status?: string } | null;
}

export interface DiffResult {
  changes: PolicyChange[];
  /**
   * The runtime lists at most `?changes=` changes (default 1,000): `changesTotal` says how
   * many there were and `transitions` counts all of them per standard.
   */
  behaviour?: { changes: BehaviourChange[]; changesTotal?: number; transitions?: TransitionCount[]; counts?: Record<string, unknown>; events?: number } | null;
}

export interface Identity {
  role: Role | null;
  name?: string;
  /** How the role was learnt: asked the runtime, or inferred from what it allowed. */
  via: "keys/me" | "inferred";
}

/** A thin client over fetch; `base` is "" in the app (same origin). */
export class ApiClient {
  constructor(
    private readonly key: string,
    private readonly base = "",
  ) {}

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(this.base + path, {
        method,
        headers: { authorization: `Bearer ${this.key}`, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (e) {
      throw new ApiError(0, "network_error", `the runtime cannot be reached (${(e as Error).message})`);
    }
    const text = await res.text();
    let json: unknown = undefined;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON: reported below when it is an error */
    }
    if (!res.ok) {
      const err = (json as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
      throw new ApiError(res.status, err?.code ?? `http_${res.status}`, err?.message ?? (text.slice(0, 200) || res.statusText), err?.details);
    }
    return json as T;
  }

  /** Who this key is. Uses GET /v1/keys/me when the runtime has it. */
  async identify(): Promise<Identity> {
    try {
      const me = await this.request<{ role?: Role; name?: string; key?: { role?: Role; name?: string } }>("GET", "/v1/keys/me");
      const who = me.key ?? me;
      return { role: who.role ?? null, name: who.name, via: "keys/me" };
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 404 || e.code === "unauthorized") throw e;
    }
    // No identity route: a key that may list policies is at least a reader. Which
    // reader is unknown, so nothing that changes state is hidden; the runtime refuses.
    await this.request("GET", "/v1/policies");
    return { role: null, via: "inferred" };
  }

  listPolicies(): Promise<PolicySummary[]> {
    return this.request<PolicySummary[] | { policies: PolicySummary[] }>("GET", "/v1/policies").then((r) => (Array.isArray(r) ? r : (r.policies ?? [])));
  }

  listVersions(id: string): Promise<VersionInfo[]> {
    return this.request<VersionInfo[] | { versions: VersionInfo[]; activeVersion?: number | null }>("GET", `/v1/policies/${enc(id)}/versions`).then((r) => {
      if (Array.isArray(r)) return r;
      return (r.versions ?? []).map((v) => ({ ...v, active: v.active ?? (r.activeVersion != null ? v.version === r.activeVersion : undefined) }));
    });
  }

  /** One version's document. */
  getVersion(id: string, version: number): Promise<{ version: number; policy: PolicyDoc } & Partial<VersionInfo>> {
    return this.request<{ version: number; policy?: PolicyDoc; document?: PolicyDoc }>("GET", `/v1/policies/${enc(id)}/versions/${version}`).then((r) => ({
      ...r,
      policy: (r.policy ?? r.document) as PolicyDoc,
    }));
  }

  publish(id: string, policy: unknown, message: string): Promise<VersionInfo> {
    return this.request("POST", `/v1/policies/${enc(id)}/versions`, { policy, message });
  }

  activate(id: string, version: number): Promise<unknown> {
    return this.request("POST", `/v1/policies/${enc(id)}/activate`, { version });
  }

  /** Structural diff, plus the behavioural one when a replay range is given. */
  diff(id: string, from: number, to: number, replay?: { from: string; to: string }): Promise<DiffResult> {
    const q = new URLSearchParams({ from: String(from), to: String(to) });
    if (replay) {
      q.set("replayFrom", replay.from);
      q.set("replayTo", replay.to);
    }
    return this.request<DiffResult & { structural?: PolicyChange[]; behavioural?: DiffResult["behaviour"] }>("GET", `/v1/policies/${enc(id)}/diff?${q}`).then((r) => ({
      changes: r.changes ?? r.structural ?? [],
      behaviour: r.behaviour ?? r.behavioural ?? null,
    }));
  }
}

function enc(s: string): string {
  return encodeURIComponent(s);
}

/**
 * What a role may do in this app, as the runtime grants it (apps/runtime auth/keys.ts):
 * managers and admins publish and activate; managers, auditors and admins read
 * policies; a service key reads none. null = unknown: everything is offered and the
 * runtime decides.
 */
export function may(role: Role | null, action: "publish" | "activate" | "read"): boolean {
  if (role === null) return true;
  if (action === "read") return role !== "service";
  return role === "manager" || role === "admin";
}
