/**
 * Test harness: a real runtime listening on an ephemeral port, over real PGlite
 * (in memory) or the machine's PostgreSQL (a fresh schema per test file).
 */
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { randomBytes } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import pg from "pg";
import { afterAll, beforeAll } from "vitest";
import type { Decision } from "@yardstick/engine";
import { createRuntime, defaultConfig, type Runtime, type RuntimeConfig } from "../src/app.js";
import { openDatabase, type Database } from "../src/db/database.js";
import type { Logger } from "../src/observability/logger.js";

export type Backend = "pglite" | "postgres";
export const BACKENDS: Backend[] = ["pglite", "postgres"];
export const PG_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
export const ADMIN_KEY = "ys_test_admin_key_0123456789abcdef";

/** A database for one test file: PGlite in memory, or a new PostgreSQL schema (dropped by `drop`). */
export async function testDatabase(backend: Backend): Promise<{ db: Database; config: RuntimeConfig["database"]; drop(): Promise<void> }> {
  if (backend === "pglite") {
    const config = { kind: "pglite" as const, dataDir: "memory://" };
    const db = await openDatabase(config);
    return { db, config, drop: () => db.close() };
  }
  const schema = `rt_${randomBytes(6).toString("hex")}`;
  const config = { kind: "postgres" as const, url: PG_URL, schema };
  const db = await openDatabase(config);
  return {
    db,
    config,
    async drop() {
      await db.close();
      await dropSchema(schema);
    },
  };
}

export async function dropSchema(schema: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await c.end();
  }
}

export interface TestServer {
  url: string;
  runtime: Runtime;
  db: Database;
  /** fetch against the server with a key: {status, body}. */
  call(method: string, path: string, key?: string | null, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Headers }>;
  close(): Promise<void>;
}

/** Config for tests: fixed admin key, no logs, shipped policies unless told otherwise. */
export function testConfig(database: RuntimeConfig["database"], over: Partial<RuntimeConfig> = {}): RuntimeConfig {
  return { ...defaultConfig(database), adminKey: ADMIN_KEY, log: "off", authoringDir: null, ...over };
}

export async function startServer(config: RuntimeConfig, db?: Database, logger?: Logger): Promise<TestServer> {
  const runtime = await createRuntime(config, { ...(db ? { db } : {}), ...(logger ? { logger } : {}) });
  const server: Server = runtime.app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    runtime,
    db: runtime.services.db,
    async call(method, path, key = ADMIN_KEY, body, headers = {}) {
      const res = await fetch(url + path, {
        method,
        headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body !== undefined ? { "content-type": "application/json" } : {}), ...headers },
        body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        /* not JSON */
      }
      return { status: res.status, body: parsed, headers: res.headers };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runtime.close();
    },
  };
}

/**
 * A server for the enclosing describe block, on a fresh database of `backend`: started
 * in beforeAll (config: testConfig with `config()`'s changes), closed and its database
 * dropped in afterAll. The TestServer returned passes every use on to it.
 * @example const t = startServerForSuite("pglite"); it("…", async () => expect((await t.call("GET", "/v1/keys/me")).status).toBe(200));
 */
export function startServerForSuite(backend: Backend, options: { config?: () => Partial<RuntimeConfig>; logger?: Logger } = {}): TestServer {
  let server: TestServer | undefined;
  let drop = async (): Promise<void> => {};
  beforeAll(async () => {
    const d = await testDatabase(backend);
    drop = d.drop;
    server = await startServer(testConfig(d.config, options.config?.()), d.db, options.logger);
  });
  afterAll(async () => {
    await server?.close();
    await drop();
  });
  const started = (): TestServer => {
    if (!server) throw new Error("the suite's server starts in beforeAll");
    return server;
  };
  return {
    get url() {
      return started().url;
    },
    get runtime() {
      return started().runtime;
    },
    get db() {
      return started().db;
    },
    call: (...args) => started().call(...args),
    close: () => started().close(),
  };
}

/** An ISO time `ms` from now (negative: in the past), second precision, UTC. */
export function isoFromNow(ms: number): string {
  return new Date(Math.floor((Date.now() + ms) / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

/** Waits until `check` returns a truthy value (polls every 50 ms). */
export async function eventually<T>(check: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > until) throw new Error("condition not reached in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function uid(prefix = "t"): string {
  return `${prefix}-${randomBytes(5).toString("hex")}`;
}

/** Decisions compared without `supersedes` (a replay never needs it), ordered by id. */
export function comparable(ds: Decision[]): Decision[] {
  return ds.map(({ supersedes: _s, ...d }) => d as Decision).sort((a, b) => (a.id < b.id ? -1 : 1));
}

/**
 * Reads until the value equals `want` (or `ms` pass) and returns the last read, for a
 * whole-value assertion. Decisions become readable once every transaction that began
 * writing before theirs has ended, a few milliseconds on PostgreSQL.
 */
export async function settled<T>(read: () => Promise<T>, want: T, ms = 5_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (isDeepStrictEqual(v, want) || Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Every effective decision the server holds, read page by page. */
export async function effectiveOf(t: TestServer): Promise<Decision[]> {
  const out: Decision[] = [];
  let cursor = "";
  for (;;) {
    const r = await t.call("GET", `/v1/decisions?effective=true&limit=1000${cursor ? `&cursor=${cursor}` : ""}`);
    out.push(...r.body.decisions);
    if (!r.body.hasMore) return out;
    cursor = r.body.nextCursor;
  }
}
