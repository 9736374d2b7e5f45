/**
 * Deny by default: every /v1 endpoint × every role, no key and a wrong key, over real
 * HTTP. The expected table below is the access policy, written out; it must name
 * exactly the routes the app mounts and the OpenAPI document describes (with the same
 * roles), so a new route cannot slip in unreviewed.
 */
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { openApiDocument } from "../src/openapi/spec.js";
import { isoFromNow, startServerForSuite, uid } from "./helpers.js";

type Role = "service" | "manager" | "auditor" | "admin";
const ROLES: Role[] = ["service", "manager", "auditor", "admin"];
const ALL: Role[] = ROLES;

/** Who may call what (docs/contracts.md "Roles"; admin may do everything). */
const EXPECTED: Record<string, Role[]> = {
  "POST /v1/events": ["service", "admin"],
  "GET /v1/decisions": ALL,
  "GET /v1/decisions/stream": ALL,
  "POST /v1/decisions/stream-tokens": ALL,
  "POST /v1/evaluate": ALL,
  "GET /v1/policies": ["manager", "auditor", "admin"],
  "GET /v1/policies/{id}/versions": ["manager", "auditor", "admin"],
  "POST /v1/policies/{id}/versions": ["manager", "admin"],
  "GET /v1/policies/{id}/versions/{v}": ["manager", "auditor", "admin"],
  "POST /v1/policies/{id}/activate": ["manager", "admin"],
  "POST /v1/policies/{id}/deactivate": ["manager", "admin"],
  "GET /v1/admin/quarantine": ["auditor", "admin"],
  "GET /v1/admin/policy-faults": ["auditor", "admin"],
  "GET /v1/policies/{id}/verify": ["manager", "auditor", "admin"],
  "GET /v1/policies/{id}/diff": ["manager", "auditor", "admin"],
  "POST /v1/keys": ["admin"],
  "GET /v1/keys": ["auditor", "admin"],
  "GET /v1/keys/me": ALL,
  "DELETE /v1/keys/{id}": ["admin"],
  "GET /v1/audit": ["auditor", "admin"],
  "POST /v1/webhooks": ["manager", "admin"],
  "GET /v1/webhooks": ["manager", "auditor", "admin"],
  "DELETE /v1/webhooks/{id}": ["manager", "admin"],
  "POST /v1/webhooks/{id}/test": ["manager", "admin"],
  "GET /v1/webhooks/{id}/deliveries": ["manager", "auditor", "admin"],
  "GET /v1/reports/compliance": ["manager", "auditor", "admin"],
  "GET /v1/open": ["manager", "auditor", "admin"],
  "GET /v1/events": ["manager", "auditor", "admin"],
  "GET /v1/decisions/export": ["manager", "auditor", "admin"],
};

const restaurant = JSON.parse(readFileSync(new URL("../../../policies/restaurant-dining.policy.json", import.meta.url), "utf8"));

describe("role × endpoint matrix", () => {
  const t = startServerForSuite("pglite");
  const keys = {} as Record<Role, string>;

  beforeAll(async () => {
    for (const role of ROLES) keys[role] = (await t.call("POST", "/v1/keys", undefined, { role, name: `matrix-${role}` })).body.key;
  });

  it("names the same operations, with the same roles, as the app and the OpenAPI document", () => {
    const mounted = t.runtime.routes.map((r) => `${r.method.toUpperCase()} ${r.path.replace(/:(\w+)/g, "{$1}")}`).sort();
    const documented = Object.entries(openApiDocument.paths)
      .filter(([path]) => path.startsWith("/v1/"))
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    expect(mounted).toEqual(Object.keys(EXPECTED).sort());
    expect(documented).toEqual(Object.keys(EXPECTED).sort());
    for (const [path, ops] of Object.entries(openApiDocument.paths)) {
      for (const [m, op] of Object.entries(ops as Record<string, { "x-roles"?: string[] }>)) {
        if (path.startsWith("/v1/")) expect([`${m} ${path}`, op["x-roles"]]).toEqual([`${m} ${path}`, EXPECTED[`${m.toUpperCase()} ${path}`]]);
      }
    }
  });

  /** Publishes and activates a copy of the restaurant policy under a new id. */
  async function throwaway(): Promise<string> {
    const id = uid("matrix-policy");
    const r = await t.call("POST", `/v1/policies/${id}/versions`, undefined, { policy: { ...restaurant, id }, message: "to deactivate" });
    await t.call("POST", `/v1/policies/${id}/activate`, undefined, { version: r.body.version });
    return id;
  }

  /** A request that succeeds when allowed. */
  async function request(op: string): Promise<{ method: string; path: string; body?: unknown }> {
    const [method, template] = op.split(" ");
    let path = template.replace("{id}", "restaurant-dining").replace("{v}", "1");
    let body: unknown;
    switch (op) {
      case "POST /v1/events":
        body = { id: uid(), type: "guest.seated", subject: uid("visit"), time: isoFromNow(-60_000) };
        break;
      case "POST /v1/evaluate":
        body = { policyRef: { id: "promises" }, events: [] };
        break;
      case "POST /v1/policies/{id}/versions":
        body = { policy: restaurant, message: "same content: no new version" };
        break;
      case "POST /v1/policies/{id}/activate":
        body = { version: 1 };
        break;
      case "POST /v1/policies/{id}/deactivate":
        // A policy of its own, published for each call: deactivating the shipped ones would change the other rows.
        path = `/v1/policies/${await throwaway()}/deactivate`;
        body = {};
        break;
      case "POST /v1/keys":
        body = { role: "service", name: "made-in-matrix" };
        break;
      case "DELETE /v1/keys/{id}":
        path = `/v1/keys/${(await t.call("POST", "/v1/keys", undefined, { role: "service", name: "to-revoke" })).body.id}`;
        break;
      case "GET /v1/policies/{id}/diff":
        path += "?from=1&to=1";
        break;
      case "POST /v1/webhooks":
        body = { url: "http://127.0.0.1:9/matrix", statuses: ["breached"], policy: "no-such-policy" };
        break;
      case "DELETE /v1/webhooks/{id}":
      case "POST /v1/webhooks/{id}/test":
      case "GET /v1/webhooks/{id}/deliveries":
        // A subscription of its own for each call (no policy of that id: nothing is ever delivered to it but tests).
        path = template.replace("{id}", (await t.call("POST", "/v1/webhooks", undefined, { url: "http://127.0.0.1:9/matrix", policy: "no-such-policy" })).body.id);
        break;
      case "GET /v1/reports/compliance":
        path += "?policy=restaurant-dining&from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z";
        break;
    }
    return { method, path, body };
  }

  /** Status of a call (the stream's status is read, then the connection dropped). */
  async function status(method: string, path: string, key: string | null, body?: unknown): Promise<number> {
    const ac = new AbortController();
    const res = await fetch(t.url + path, {
      method,
      signal: ac.signal,
      headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body !== undefined ? { "content-type": "application/json" } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.headers.get("content-type")?.startsWith("text/event-stream")) ac.abort();
    else await res.text();
    return res.status;
  }

  it.each(Object.keys(EXPECTED))("%s: allowed roles succeed, others 403, no key or a wrong key 401", async (op) => {
    const seen: Record<string, number> = {};
    const want: Record<string, number | string> = {};
    for (const who of [...ROLES, "none", "wrong"] as const) {
      const { method, path, body } = await request(op);
      const key = who === "none" ? null : who === "wrong" ? "ys_not_a_key" : keys[who];
      const s = await status(method, path, key, body);
      seen[who] = s >= 200 && s < 300 ? 200 : s;
      want[who] = who === "none" || who === "wrong" ? 401 : EXPECTED[op].includes(who) ? 200 : 403;
    }
    expect(seen).toEqual(want);
  });

  it("refuses unknown /v1 routes without a key (401) and answers 404 with one; public routes need none", async () => {
    expect(await status("GET", "/v1/nothing", null)).toBe(401);
    expect(await status("GET", "/v1/nothing", keys.service)).toBe(404);
    for (const path of ["/healthz", "/readyz", "/metrics", "/openapi.json", "/docs"]) expect([path, await status("GET", path, null)]).toEqual([path, 200]);
  });

  it("a revoked key stops working", async () => {
    const made = (await t.call("POST", "/v1/keys", undefined, { role: "auditor", name: "short-lived" })).body;
    expect(await status("GET", "/v1/keys/me", made.key)).toBe(200);
    expect((await t.call("DELETE", `/v1/keys/${made.id}`)).body).toEqual({ id: made.id, revoked: true });
    // At once on this instance; other instances drop their 1-second cache entry by then (test/abuse.test.ts).
    expect(await status("GET", "/v1/keys/me", made.key)).toBe(401);
    const listed = (await t.call("GET", "/v1/keys")).body.keys.find((k: { id: string }) => k.id === made.id);
    expect(listed).toMatchObject({ id: made.id, name: "short-lived", role: "auditor", revokedAt: expect.any(String) });
    expect(JSON.stringify((await t.call("GET", "/v1/keys")).body)).not.toContain(made.key);
  });
});
