/**
 * `node bench/pglite-fsync.js [commits]`: what power-loss durability would cost PGlite
 * (docs/limits.md, "Durability"). Commits/s as PGlite runs (its file system never
 * fsyncs), against a host fdatasync of the current WAL segment after each commit.
 */
import { PGlite } from "@electric-sql/pglite";
import { mkdtempSync, openSync, fdatasyncSync, closeSync, readdirSync, statSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
const N = Number(process.argv[2] ?? 400);
const body = JSON.stringify({ id: "x", type: "guest.seated", subject: "s", time: new Date().toISOString(), data: { a: 1 } });
async function run(sync) {
  const dir = mkdtempSync(join(tmpdir(), "pgl-bench-"));
  const db = await PGlite.create(join(dir, "pg"));
  await db.exec("CREATE TABLE events (id text PRIMARY KEY, body json)");
  const wal = join(dir, "pg", "pg_wal");
  const t0 = performance.now();
  for (let i = 0; i < N; i++) {
    await db.transaction(async (tx) => { await tx.query("INSERT INTO events VALUES ($1, $2::json)", [`e${i}`, body]); });
    if (sync) {
      const seg = readdirSync(wal).filter((f) => /^[0-9A-F]{24}$/.test(f)).sort((a, b) => statSync(join(wal, b)).mtimeMs - statSync(join(wal, a)).mtimeMs)[0];
      const fd = openSync(join(wal, seg), "r+"); fdatasyncSync(fd); closeSync(fd);
    }
  }
  const ms = performance.now() - t0;
  await db.close(); rmSync(dir, { recursive: true, force: true });
  return { sync, commits: N, ms: Math.round(ms), perSecond: Math.round(N / (ms / 1000)), msPerCommit: +(ms / N).toFixed(2) };
}
for (const sync of [false, true, false, true]) console.log(JSON.stringify(await run(sync)));
