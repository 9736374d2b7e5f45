// `npm run bench -w @yardstick/runtime` (root: `npm run bench:runtime`). Needs the built
// runtime (npm run build). One run measures, on this machine, over loopback:
//   1. a bare Express JSON echo (the baseline), single events and batches of 100;
//   2. the runtime (dist/server.js, its own process) on PGlite and on PostgreSQL:
//      POST /v1/events single events (durable: answered after commit) and batches of 100;
//   3. breach lag with 100,000 open deadlines: recorded_at − dueAt of every breach.
// Prints one JSON line per figure; `ratio` compares against the goal's reference:
//   single durable ≥ 0.5 × echo; batches ≥ 20,000 events/s; breach p99 ≤ 2 s.
// Environment: BENCH_SECONDS (5), BENCH_DEADLINES (100000; 0 skips the lag figure), BENCH_BACKENDS (pglite,postgres),
// TEST_DATABASE_URL (postgres://postgres@127.0.0.1:5432/test).
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { load, round } from "./load.js";
import { loadDeadlines, measureLag } from "./deadlines.js";

const HERE = fileURLToPath(new URL(".", import.meta.url));
const SERVER = join(HERE, "..", "dist", "server.js");
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const DEADLINES = Number(process.env.BENCH_DEADLINES ?? 100_000);
const BACKENDS = (process.env.BENCH_BACKENDS ?? "pglite,postgres").split(",");
const PG_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const KEY = "ys_bench_admin_key_0123456789abcdef";
const CONCURRENCY = 64;
const BATCH_CONCURRENCY = 8;

export const BENCH_POLICY = {
  id: "bench-timing",
  title: "Benchmark: close what was opened within 5 minutes",
  events: { "bench.opened": { description: "opened" }, "bench.closed": { description: "closed" } },
  standards: [{ id: "B1", kind: "timing", title: "Close within 5 minutes", start: "bench.opened", stop: "bench.closed", within: "PT5M" }],
};

function out(figure) {
  process.stdout.write(`${JSON.stringify(figure)}\n`);
}

async function freePort() {
  const s = createServer();
  await new Promise((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}

async function waitReady(port, child) {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (r.ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("server did not become ready");
}

/** Starts a process in its own group (so the whole group can be stopped by its id). */
async function startProcess(args, env, port) {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "inherit"], detached: true });
  await waitReady(port, child);
  return child;
}

async function stopProcess(child) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  process.kill(-child.pid, "SIGTERM");
  await exited;
}

let seq = 0;
const now = () => new Date(Date.now() - 1000).toISOString();
const event = () => {
  const n = seq++;
  return { id: `b-${process.pid}-${n}`, type: "bench.opened", subject: `bench/${process.pid}/${n}`, time: now() };
};

async function measureThroughput(port, key) {
  const single = await load({ port, key, concurrency: CONCURRENCY, seconds: SECONDS, makeBody: () => JSON.stringify(event()) });
  const batch = await load({
    port,
    key,
    concurrency: BATCH_CONCURRENCY,
    seconds: SECONDS,
    makeBody: () => JSON.stringify({ events: Array.from({ length: 100 }, event) }),
  });
  return { single, batch };
}

async function api(port, method, path, body) {
  const r = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
  return r.json();
}

async function benchBackend(backend, echo) {
  const port = await freePort();
  let dataDir = null;
  let schema = null;
  const env = { PORT: String(port), YARDSTICK_ADMIN_KEY: KEY, YARDSTICK_RATE_LIMIT: "1000000", YARDSTICK_POLICIES_DIR: "", YARDSTICK_AUTHORING_DIR: "", YARDSTICK_SCHEDULER_POLL_MS: "100" };
  if (backend === "pglite") {
    dataDir = mkdtempSync(join(tmpdir(), "yardstick-bench-"));
    env.YARDSTICK_DATA_DIR = dataDir;
  } else {
    schema = `bench_${process.pid}`;
    Object.assign(env, { DATABASE_URL: PG_URL, YARDSTICK_DB_SCHEMA: schema });
  }
  let child = await startProcess([SERVER], env, port);
  try {
    await api(port, "POST", "/v1/policies/bench-timing/versions", { policy: BENCH_POLICY, message: "bench" });
    await api(port, "POST", "/v1/policies/bench-timing/activate", { version: 1 });
    const { single, batch } = await measureThroughput(port, KEY);
    out({ bench: "events-single", backend, concurrency: CONCURRENCY, rps: round(single.rps), p50Ms: single.p50Ms, p99Ms: single.p99Ms, errors: single.errors, echoRps: round(echo.single.rps), ratio: round(single.rps / echo.single.rps, 3), goal: ">= 0.5", ...(single.firstError ? { firstError: single.firstError } : {}) });
    out({ bench: "events-batch100", backend, concurrency: BATCH_CONCURRENCY, eventsPerSecond: round(batch.rps * 100), p50Ms: batch.p50Ms, p99Ms: batch.p99Ms, errors: batch.errors, echoEventsPerSecond: round(echo.batch.rps * 100), ratio: round((batch.rps * 100) / 20_000, 3), goal: ">= 1 (20,000 events/s)", ...(batch.firstError ? { firstError: batch.firstError } : {}) });
    if (DEADLINES === 0) return;
    const plan = await loadDeadlines({ port, key: KEY, count: DEADLINES, runId: `${backend}-${process.pid}` });
    // Query the lags where the data lives: PostgreSQL directly; PGlite once the server is stopped.
    await new Promise((r) => setTimeout(r, Math.max(0, plan.lastDue - Date.now()) + 5_000));
    let rows;
    if (backend === "postgres") {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`SET search_path = ${schema}`);
      rows = await measureLag((sql, params) => c.query(sql, params).then((r) => r.rows), plan);
      await c.end();
    } else {
      await stopProcess(child);
      const db = await PGlite.create(join(dataDir, "pglite"));
      rows = await measureLag((sql, params) => db.query(sql, params).then((r) => r.rows), plan);
      await db.close();
    }
    out({ bench: "breach-lag", backend, openDeadlines: DEADLINES, loadSeconds: round(plan.loadSeconds), dueSpreadSeconds: plan.spreadSeconds, ...rows, ratio: rows.p99Ms === null ? null : round(rows.p99Ms / 2000, 3), goal: "p99 <= 2000 ms (ratio <= 1)" });
  } finally {
    await stopProcess(child);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    if (schema) {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    }
  }
}

async function main() {
  const echoPort = await freePort();
  const echoChild = await startProcess([join(HERE, "echo-server.js"), String(echoPort)], {}, echoPort);
  let echo;
  try {
    echo = await measureThroughput(echoPort, null);
  } finally {
    await stopProcess(echoChild);
  }
  out({ bench: "echo-single", concurrency: CONCURRENCY, rps: round(echo.single.rps), p50Ms: echo.single.p50Ms, p99Ms: echo.single.p99Ms });
  out({ bench: "echo-batch100", concurrency: BATCH_CONCURRENCY, eventsPerSecond: round(echo.batch.rps * 100) });
  for (const backend of BACKENDS) await benchBackend(backend, echo);
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err?.stack ?? err}\n`);
  process.exit(1);
});
