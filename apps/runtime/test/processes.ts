/**
 * Real processes for fault tests: the built server (dist/server.js) in its own process
 * group, a private PostgreSQL cluster (initdb + pg_ctl in a temporary directory, as
 * the postgres OS user when running as root), and the client side of a load: batches
 * of restaurant visits seated 10 minutes ago (every deadline already due).
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { YardstickEvent } from "@yardstick/engine";
import { ADMIN_KEY, uid } from "./helpers.js";

const run = promisify(execFile);
/** The built server; YARDSTICK_TEST_SERVER points long runs at a copy that a rebuild cannot change under them. */
export const SERVER = process.env.YARDSTICK_TEST_SERVER ?? fileURLToPath(new URL("../dist/server.js", import.meta.url));

export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()));
  const { port } = s.address() as { port: number };
  await new Promise((r) => s.close(r));
  return port;
}

/** Starts the server in its own process group and waits until it is ready. */
export async function startServerProcess(env: Record<string, string>, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [SERVER], { env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "pipe"], detached: true });
  let stderr = "";
  child.stderr!.on("data", (c) => (stderr += c));
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode}: ${stderr}`);
    const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false);
    if (ok) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server not ready: ${stderr}`);
}

export async function stopProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  process.kill(-child.pid!, signal);
  await exited;
}

/** A batch of 1–12 events (sizes from `rnd`): visits seated 10 minutes ago (every deadline overdue), some greeted. */
export function visitBatch(prefix = "load-visit", rnd: () => number = Math.random): YardstickEvent[] {
  const n = 1 + Math.floor(rnd() * 12);
  const t0 = Date.now() - 10 * 60_000;
  return Array.from({ length: n }, (_, i) => {
    const subject = uid(prefix);
    return i % 3 === 0
      ? [
          { id: uid("seat"), type: "guest.seated", subject, time: new Date(t0).toISOString(), data: { vip: i % 2 === 0 } },
          { id: uid("greet"), type: "guest.greeted", subject, time: new Date(t0 + 90_000).toISOString() },
        ]
      : [{ id: uid("seat"), type: "guest.seated", subject, time: new Date(t0).toISOString() }];
  }).flat();
}

/** POSTs a batch; the answer's status, or 0 when the connection failed (not acknowledged either way unless 200). */
export async function postBatch(port: number, events: YardstickEvent[]): Promise<number> {
  try {
    const r = await fetch(`http://127.0.0.1:${port}/v1/events`, {
      method: "POST",
      headers: { authorization: `Bearer ${ADMIN_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ events }),
    });
    await r.arrayBuffer();
    return r.status;
  } catch {
    return 0;
  }
}

/** The newest PostgreSQL server binaries on this machine (Debian's layout). */
function pgBin(): string {
  const base = "/usr/lib/postgresql";
  const versions = existsSync(base) ? readdirSync(base).filter((v) => existsSync(join(base, v, "bin", "pg_ctl"))) : [];
  if (!versions.length) throw new Error("no PostgreSQL server binaries under /usr/lib/postgresql/*/bin");
  return join(base, versions.sort((a, b) => Number(b) - Number(a))[0], "bin");
}

/** A PostgreSQL cluster of its own: restartable without touching the machine's server. */
export interface PrivateCluster {
  url: string;
  start(): Promise<void>;
  /** `immediate` is a crash (no shutdown checkpoint); `fast` a clean stop. */
  stop(mode?: "immediate" | "fast"): Promise<void>;
  destroy(): Promise<void>;
}

export async function privateCluster(): Promise<PrivateCluster> {
  const bin = pgBin();
  const dir = mkdtempSync(join(tmpdir(), "yardstick-pg-"));
  const data = join(dir, "data");
  const port = await freePort();
  const root = process.getuid?.() === 0;
  if (root) {
    // initdb and postgres refuse to run as root: the cluster belongs to the postgres user.
    const { stdout } = await run("id", ["-u", "postgres"]);
    const { stdout: gid } = await run("id", ["-g", "postgres"]);
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
    chmodSync(dir, 0o700);
  }
  const as = (cmd: string, args: string[]) => (root ? run("runuser", ["-u", "postgres", "--", join(bin, cmd), ...args]) : run(join(bin, cmd), args));
  await as("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"]);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=60 -c shared_buffers=32MB`;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async start() {
      await as("pg_ctl", ["-D", data, "-o", options, "-l", join(dir, "log"), "-w", "-t", "60", "start"]);
    },
    async stop(mode = "immediate") {
      await as("pg_ctl", ["-D", data, "-m", mode, "-w", "-t", "60", "stop"]);
    },
    async destroy() {
      await as("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]).catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
