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

/** True for a serialization failure or deadlock (retry the transaction). */
export function isRetryable(err: unknown): boolean {
  return typeof err === "object" && err !== null && RETRYABLE.has((err as { code?: string }).code ?? "");
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
  });
  // An idle client's error (server restart) must not crash the process.
  pool.on("error", () => {});
  await pool.query("SELECT 1");
  return {
    kind: "postgres",
    parallelism: 4,
    serial: false,
    query: async (sql, params) => (await pool.query(sql, params as any[])).rows,
    async transaction(fn, first) {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query(first ? `BEGIN; ${first}` : "BEGIN");
        const out = await fn({ query: async (sql, params) => (await client.query(sql, params as any[])).rows });
        await client.query("COMMIT");
        return out;
      } catch (err) {
        await client.query("ROLLBACK").catch(() => (broken = true));
        throw err;
      } finally {
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}
