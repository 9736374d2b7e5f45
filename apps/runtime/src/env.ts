/**
 * Configuration from the environment. The only module that reads `process.env`: the
 * rest of the runtime receives a RuntimeConfig, so tests build one directly.
 *
 * Variables (docs/contracts.md "Configuration", plus the runtime's own knobs):
 * - PORT (8080), HOST (127.0.0.1; set 0.0.0.0 in a container)
 * - YARDSTICK_DATA_DIR (./data): PGlite directory; DATABASE_URL switches to PostgreSQL,
 *   YARDSTICK_DB_SCHEMA (optional) puts the tables in that schema (created if missing)
 * - YARDSTICK_ADMIN_KEY: bootstrap admin key (otherwise the first start prints one)
 * - YARDSTICK_LATENESS (PT24H): events older than this, by server time, are refused
 * - YARDSTICK_FUTURE_LIMIT (PT60S): events further ahead than this are refused
 * - YARDSTICK_BODY_LIMIT (1048576 bytes), YARDSTICK_RATE_LIMIT (requests/s per key, 2000),
 *   YARDSTICK_RATE_BURST (2 × rate)
 * - YARDSTICK_SCHEDULER_POLL_MS (250): how often the deadline scheduler looks for work
 *   written by other processes (its own are seen at once)
 * - YARDSTICK_POLICIES_DIR (repo policies/), YARDSTICK_AUTHORING_DIR (apps/authoring/dist)
 * - YARDSTICK_LOG (json | off)
 * - YARDSTICK_POLICY_FAULT_LIMIT (20): run-time faults after which a policy is suspended
 * - YARDSTICK_AUTH_FAILURES (1 per second, burst YARDSTICK_AUTH_FAILURE_BURST = 100):
 *   failed authentications per client address before 429
 * - YARDSTICK_STREAMS_PER_KEY (20): open decision streams per key
 * - YARDSTICK_BUDGET_MS (10000), YARDSTICK_BUDGET_MB (1536), YARDSTICK_WORKERS (2),
 *   YARDSTICK_WORKER_QUEUE (16): CPU budget of /v1/evaluate and behavioural diffs
 * - YARDSTICK_WEBHOOK_TIMEOUT_MS (10000): a webhook receiver's answer must come within it;
 *   YARDSTICK_WEBHOOK_ATTEMPTS (15): attempts before a delivery is dead
 */
import { fileURLToPath } from "node:url";
import { resolve } from "node:path";
import { parseDuration } from "@yardstick/engine";

export type DatabaseConfig = { kind: "pglite"; dataDir: string } | { kind: "postgres"; url: string; schema?: string };

export interface RuntimeConfig {
  port: number;
  host: string;
  database: DatabaseConfig;
  adminKey?: string;
  latenessMs: number;
  futureMs: number;
  bodyLimitBytes: number;
  rateLimit: { perSecond: number; burst: number };
  scheduler: { enabled: boolean; pollMs: number; batch: number };
  policiesDir: string | null;
  authoringDir: string | null;
  log: "json" | "off";
  /** Run-time faults of an activated policy version before it is suspended. */
  policyFaultLimit: number;
  /** Failed authentications per client address: sustained rate and burst. */
  authFailures: { perSecond: number; burst: number };
  streamsPerKey: number;
  /** Worker threads for evaluate and diff: time and memory budget per request, pool size, waiting requests. */
  budget: { ms: number; memoryMb: number; workers: number; queue: number };
  /** Webhook deliveries: receiver timeout, attempts before dead, deliveries sent per pass. */
  webhooks: { timeoutMs: number; maxAttempts: number; batch: number };
}

/** Default locations relative to this file (src/ or dist/, both two levels below the repo's apps/). */
const REPO_POLICIES = fileURLToPath(new URL("../../../policies/", import.meta.url));
const AUTHORING_DIST = fileURLToPath(new URL("../../authoring/dist/", import.meta.url));

/** Defaults shared by the environment reader and tests. */
export function defaultConfig(database: DatabaseConfig): RuntimeConfig {
  return {
    port: 8080,
    host: "127.0.0.1",
    database,
    latenessMs: 86_400_000,
    futureMs: 60_000,
    bodyLimitBytes: 1 << 20,
    rateLimit: { perSecond: 2000, burst: 4000 },
    scheduler: { enabled: true, pollMs: 250, batch: 500 },
    policiesDir: REPO_POLICIES,
    authoringDir: AUTHORING_DIST,
    log: "json",
    policyFaultLimit: 20,
    authFailures: { perSecond: 1, burst: 100 },
    streamsPerKey: 20,
    budget: { ms: 10_000, memoryMb: 1536, workers: 2, queue: 16 },
    webhooks: { timeoutMs: 10_000, maxAttempts: 15, batch: 20 },
  };
}

/** Thrown for a variable that cannot be used; server.ts prints it and exits 1. */
export class ConfigError extends Error {}

/**
 * Reads the configuration from environment variables.
 * @example const config = readEnv(process.env);
 */
export function readEnv(env: Record<string, string | undefined> = process.env): RuntimeConfig {
  const database: DatabaseConfig = env.DATABASE_URL
    ? { kind: "postgres", url: env.DATABASE_URL, ...(env.YARDSTICK_DB_SCHEMA ? { schema: identifier("YARDSTICK_DB_SCHEMA", env.YARDSTICK_DB_SCHEMA) } : {}) }
    : { kind: "pglite", dataDir: resolve(env.YARDSTICK_DATA_DIR ?? "./data") };
  const config = defaultConfig(database);
  const rate = int(env, "YARDSTICK_RATE_LIMIT", config.rateLimit.perSecond, 1);
  return {
    ...config,
    port: int(env, "PORT", config.port, 0, 65535),
    host: env.HOST ?? config.host,
    ...(env.YARDSTICK_ADMIN_KEY ? { adminKey: adminKey(env.YARDSTICK_ADMIN_KEY) } : {}),
    latenessMs: duration(env, "YARDSTICK_LATENESS", config.latenessMs),
    futureMs: duration(env, "YARDSTICK_FUTURE_LIMIT", config.futureMs),
    bodyLimitBytes: int(env, "YARDSTICK_BODY_LIMIT", config.bodyLimitBytes, 1024),
    rateLimit: { perSecond: rate, burst: int(env, "YARDSTICK_RATE_BURST", rate * 2, 1) },
    scheduler: { ...config.scheduler, pollMs: int(env, "YARDSTICK_SCHEDULER_POLL_MS", config.scheduler.pollMs, 10, 60_000) },
    policiesDir: env.YARDSTICK_POLICIES_DIR === "" ? null : resolve(env.YARDSTICK_POLICIES_DIR ?? config.policiesDir!),
    authoringDir: env.YARDSTICK_AUTHORING_DIR === "" ? null : resolve(env.YARDSTICK_AUTHORING_DIR ?? config.authoringDir!),
    log: env.YARDSTICK_LOG === "off" ? "off" : "json",
    policyFaultLimit: int(env, "YARDSTICK_POLICY_FAULT_LIMIT", config.policyFaultLimit, 1),
    authFailures: {
      perSecond: int(env, "YARDSTICK_AUTH_FAILURES", config.authFailures.perSecond, 1),
      burst: int(env, "YARDSTICK_AUTH_FAILURE_BURST", config.authFailures.burst, 1),
    },
    streamsPerKey: int(env, "YARDSTICK_STREAMS_PER_KEY", config.streamsPerKey, 1),
    budget: {
      ms: int(env, "YARDSTICK_BUDGET_MS", config.budget.ms, 100),
      memoryMb: int(env, "YARDSTICK_BUDGET_MB", config.budget.memoryMb, 64),
      workers: int(env, "YARDSTICK_WORKERS", config.budget.workers, 1, 64),
      queue: int(env, "YARDSTICK_WORKER_QUEUE", config.budget.queue, 0),
    },
    webhooks: {
      ...config.webhooks,
      timeoutMs: int(env, "YARDSTICK_WEBHOOK_TIMEOUT_MS", config.webhooks.timeoutMs, 100, 60_000),
      maxAttempts: int(env, "YARDSTICK_WEBHOOK_ATTEMPTS", config.webhooks.maxAttempts, 1, 50),
    },
  };
}

function int(env: Record<string, string | undefined>, name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${name} must be an integer from ${min} to ${max}; got "${raw}"`);
  return n;
}

function duration(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const ms = parseDuration(raw);
  if (ms === null || ms <= 0) throw new ConfigError(`${name} must be an ISO 8601 duration such as PT24H; got "${raw}"`);
  return ms;
}

function identifier(name: string, raw: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(raw)) throw new ConfigError(`${name} must be a lower-case SQL identifier; got "${raw}"`);
  return raw;
}

function adminKey(raw: string): string {
  if (raw.length < 16) throw new ConfigError("YARDSTICK_ADMIN_KEY must be at least 16 characters");
  return raw;
}
