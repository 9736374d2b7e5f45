/**
 * One small interface over the two backends: embedded PGlite (PostgreSQL in WASM, one
 * connection) and PostgreSQL through a pg pool. Same SQL on both. Row values that the
 * drivers decode differently (int8: number in PGlite, string in pg) are cast in SQL
 * (`::float8`, `::text`), so callers never see the difference.
 */
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import type { DatabaseConfig } from "../env.js";
import { lockDataDir, type DirLock } from "./data-dir-lock.js";

export interface Queryable {
  query<R = Record<string, any>>(sql: string, params?: unknown[]): Promise<R[]>;
}

export interface Database extends Queryable {
  readonly kind: "pglite" | "postgres";
  /** How many transactions are worth running at once (PGlite has one connection). */
  readonly parallelism: number;
  /**
   * True when transactions can never overlap: PGlite has one connection and its data
   * directory is locked to one process, so row and advisory locks have nothing to
   * exclude there and are skipped.
   */
  readonly serial: boolean;
  /**
   * Runs `fn` in a transaction: committed when it resolves, rolled back when it throws.
   * `first` (SQL without parameters) runs right after BEGIN, in the same round trip.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>, first?: string): Promise<T>;
  close(): Promise<void>;
}

/** PostgreSQL error codes worth retrying the whole transaction for. */
const RETRYABLE = new Set(["40001", "40P01"]);

/**
 * Errors that mean "the database is away" (restart, failover, network blip), not "this
 * statement is wrong": PostgreSQL's connection and shutdown classes, socket errors, and
 * the pg driver's own messages (they carry no code).
 */
const CONNECTION_CODES = new Set(["08000", "08001", "08003", "08004", "08006", "08007", "57P01", "57P02", "57P03", "53300", "ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENOTCONN"]);
const CONNECTION_MESSAGES = /Connection terminated|connection timeout|Client has encountered a connection error|Client was closed|the database system is (starting up|shutting down)|terminating connection/i;

/** True for a serialization failure or deadlock (retry the transaction). */
export function isRetryable(err: unknown): boolean {
  return typeof err === "object" && err !== null && RETRYABLE.has((err as { code?: string }).code ?? "");
}

/** True when the database could not be reached or dropped the connection: retry later, answer 503. */
export function isConnectionError(err: unknown): boolean {
  if (typeof err !== "object" || err === null) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === "string" && CONNECTION_CODES.has(code)) return true;
  const message = (err as { message?: unknown }).message;
  return typeof message === "string" && CONNECTION_MESSAGES.test(message);
}

/** Waits before retrying after a connection error: 100 ms, 200 ms, … capped at 2 s. */
export function connectionBackoff(attempt: number): Promise<void> {
  return new Promise((r) => setTimeout(r, Math.min(2_000, 100 * 2 ** Math.max(0, attempt - 1))));
}

/**
 * Opens the configured database. PGlite's directory is locked against a second
 * process (two processes on one directory corrupt it).
 */
export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  return config.kind === "pglite" ? openPglite(config.dataDir) : openPostgres(config.url, config.schema);
}

async function openPglite(dataDir: string): Promise<Database> {
  const memory = dataDir.startsWith("memory://");
  const lock: DirLock | null = memory ? null : lockDataDir(dataDir);
  let db: PGlite;
  try {
    db = await PGlite.create(memory ? dataDir : `${dataDir}/pglite`);
  } catch (err) {
    lock?.release();
    throw err;
  }
  const run = async (q: Pick<PGlite, "query">, sql: string, params?: unknown[]) => (await q.query(sql, params as any[])).rows as any[];
  return {
    kind: "pglite",
    // One: PGlite runs transactions one after another anyway; a second one started early
    // only splits the requests waiting into smaller groups (measured: fewer events/s).
    parallelism: 1,
    serial: true,
    query: (sql, params) => run(db, sql, params),
    transaction: (fn, first) =>
      db.transaction(async (tx) => {
        if (first) await tx.exec(first);
        return fn({ query: (sql, params) => run(tx, sql, params) });
      }),
    async close() {
      await db.close();
      lock?.release();
    },
  };
}

async function openPostgres(url: string, schema?: string): Promise<Database> {
  if (schema) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    } finally {
      await admin.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    // JIT off: every statement here is a short OLTP one, and plans estimated on stale
    // statistics (a freshly filled table) crossed jit_above_cost and spent more time
    // compiling than running (seen: 5 ms of JIT for a 0.5 ms subject lookup).
    options: `-c jit=off${schema ? ` -c search_path=${schema}` : ""}`,
    // A database that is away must fail requests quickly (503), not hang them.
    connectionTimeoutMillis: 5_000,
  });
  // An idle client's error (server restart) must not crash the process; checked-out
  // clients get their own listener in transaction() below.
  pool.on("error", () => {});
  await pool.query("SELECT 1");
  return {
    kind: "postgres",
    parallelism: 4,
    serial: false,
    query: async (sql, params) => (await pool.query(sql, params as any[])).rows,
    async transaction(fn, first) {
      // A restart or blip: run the whole transaction again (everything written here is
      // idempotent: events by id, decisions by deterministic id, states by key), up to
      // about 6 s, then let the caller answer 503.
      for (let attempt = 1; ; attempt++) {
        try {
          return await runTransaction(pool, fn, first);
        } catch (err) {
          if (!isConnectionError(err) || attempt >= CONNECTION_ATTEMPTS) throw err;
          await connectionBackoff(attempt);
        }
      }
    },
    close: () => pool.end(),
  };
}

/** Tries of one transaction when the connection fails (backoff 0.1 + 0.2 + … ≈ 6 s). */
const CONNECTION_ATTEMPTS = 6;

async function runTransaction<T>(pool: pg.Pool, fn: (tx: Queryable) => Promise<T>, first?: string): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  // While checked out, the pool's idle listener is off: without ours, a server restart
  // emits "Connection terminated unexpectedly" as an uncaught 'error' and kills the process.
  const onError = () => {
    broken = true;
  };
  client.on("error", onError);
  try {
    await client.query(first ? `BEGIN; ${first}` : "BEGIN");
    const out = await fn({ query: async (sql, params) => (await client.query(sql, params as any[])).rows });
    await client.query("COMMIT");
    return out;
  } catch (err) {
    if (isConnectionError(err)) broken = true;
    else await client.query("ROLLBACK").catch(() => (broken = true));
    throw err;
  } finally {
    // A broken client keeps our listener: it is being destroyed and may still emit.
    if (!broken) client.off("error", onError);
    client.release(broken);
  }
}
