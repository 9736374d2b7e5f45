/**
 * `node bench/healthz-under-load.js [storedEvents] [--pglite]` (after `npm run build`): /healthz latency
 * seen by a separate client while the heaviest allowed POST /v1/evaluate (10,000 events,
 * 1 MiB) and a behavioural diff over N stored events run on the built server
 * (PostgreSQL at 127.0.0.1:5432, a schema of its own, dropped at the end; with --pglite the
 * embedded default in a temporary directory, its events written while the server is stopped). Issue 14 asks
 * for p99 under 100 ms. Run it in apps/runtime; the server gets a 60 s budget so the diff completes.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
const PGLITE = process.argv.includes("--pglite");
const N = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 100000);
const PORT = 18777, KEY = "ys_test_admin_key_0123456789abcdef", schema = `probe_${process.pid}`;
const URL_ = "postgres://postgres@127.0.0.1:5432/test";
const dataDir = PGLITE ? mkdtempSync(join(tmpdir(), "ys-healthz-")) : "";
const backend = PGLITE ? { YARDSTICK_DATA_DIR: dataDir } : { DATABASE_URL: URL_, YARDSTICK_DB_SCHEMA: schema };
let child;
async function startServer() {
  child = spawn(process.execPath, ["dist/server.js"], { env: { ...process.env, PORT: String(PORT), ...backend, YARDSTICK_ADMIN_KEY: KEY, YARDSTICK_LOG: "off", YARDSTICK_AUTHORING_DIR: "", YARDSTICK_BUDGET_MS: "60000" }, stdio: "inherit" });
  for (let i = 0; i < 300; i++) { if (await fetch(`http://127.0.0.1:${PORT}/readyz`).then(r => r.ok, () => false)) return; await new Promise(r => setTimeout(r, 200)); }
  throw new Error("server did not start");
}
const call = (m, p, body) => fetch(`http://127.0.0.1:${PORT}${p}`, { method: m, headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" }, body });
await startServer();
const doc = JSON.parse(readFileSync("../../policies/restaurant-dining.policy.json", "utf8"));
doc.standards[0].within = "PT3M";
await call("POST", "/v1/policies/restaurant-dining/versions", JSON.stringify({ policy: doc, message: "probe" }));
const t0 = Date.parse("2026-11-01T10:00:00Z");
// Visit k: seated at t0 + k s, greeted 150 s later: breached under R1's 2 minutes, met
// under the probe's 3, so every visit is a behaviour change (the heaviest answer).
const insert = `INSERT INTO events (id, t_ms, body) SELECT 'd'||i, t, json_build_object('id','d'||i,'type',CASE WHEN i%2=0 THEN 'guest.seated' ELSE 'guest.greeted' END,'subject','v'||(i/2),'time', to_char(to_timestamp(t/1000.0) AT TIME ZONE 'UTC','YYYY-MM-DD"T"HH24:MI:SS"Z"'),'data','{}'::json) FROM generate_series(0,$2::int-1) i, LATERAL (SELECT $1::bigint + (i/2)*1000 + (i%2)*150000 AS t) x`;
let c;
if (PGLITE) {
  // PGlite has one owner: stop the server, write the events directly, start it again.
  child.kill("SIGTERM"); await new Promise((r) => child.once("exit", r));
  const db = new PGlite(join(dataDir, "pglite")); await db.query(insert, [t0, N]); await db.close();
  await startServer();
} else {
  c = new pg.Client({ connectionString: URL_ }); await c.connect(); await c.query(`SET search_path = ${schema}`);
  await c.query(insert, [t0, N]);
}
async function measure(label, start) {
  let done = false; const s = performance.now();
  const p = start().then(async r => { const t = await r.text(); done = true; return [r.status, t.length, t.slice(0, 300)]; });
  const lat = [];
  while (!done) { const a = performance.now(); await (await fetch(`http://127.0.0.1:${PORT}/healthz`)).text(); lat.push(performance.now() - a); await new Promise(r => setTimeout(r, 10)); }
  const res = await p; lat.sort((a, b) => a - b);
  console.log(JSON.stringify({ label, status: res[0], bytes: res[1], ms: Math.round(performance.now() - s), healthz: { n: lat.length, p50: +lat[Math.floor(lat.length / 2)].toFixed(1), p99: +lat[Math.min(lat.length - 1, Math.floor(lat.length * 0.99))].toFixed(1), max: +lat[lat.length - 1].toFixed(1) } }));
}
const events = Array.from({ length: 10000 }, (_, i) => ({ id: `e${i}`, type: i % 2 ? "guest.greeted" : "guest.seated", subject: `v${i >> 1}`, time: new Date(t0 + i * 1000).toISOString() }));
const evalBody = JSON.stringify({ policyRef: { id: "restaurant-dining", version: 1 }, events });
for (let k = 0; k < 2; k++) {
  await measure("evaluate 10,000 events (1 MiB body)", () => call("POST", "/v1/evaluate", evalBody));
  
  await measure(`diff over ${N} stored events`, () => call("GET", `/v1/policies/restaurant-dining/diff?from=1&to=2&replayFrom=2026-10-31T00:00:00Z&replayTo=2026-12-01T00:00:00Z`));
}
child.kill("SIGTERM"); await new Promise((r) => child.once("exit", r));
if (PGLITE) rmSync(dataDir, { recursive: true, force: true });
else { await c.query(`DROP SCHEMA ${schema} CASCADE`); await c.end(); }
