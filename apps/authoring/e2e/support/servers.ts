/**
 * Servers for the browser tests: `vite preview` of the built app (editor and
 * simulator need nothing else) and the real runtime, which serves the same build at
 * `/` and the API at `/v1`. Each runtime gets a fresh data directory and is started in
 * its own process group, so stopping it stops everything it started.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { preview, type PreviewServer } from "vite";

export const appRoot = fileURLToPath(new URL("../..", import.meta.url));
export const repoRoot = join(appRoot, "../..");
export const runtimeEntry = join(repoRoot, "apps/runtime/dist/server.js");

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** Serves apps/authoring/dist on 127.0.0.1. */
export async function startPreview(): Promise<{ url: string; close(): Promise<void> }> {
  if (!existsSync(join(appRoot, "dist/index.html"))) throw new Error("apps/authoring/dist is missing: run `npm run build -w @yardstick/authoring` first");
  const port = await freePort();
  const server: PreviewServer = await preview({ root: appRoot, configFile: join(appRoot, "vite.config.ts"), logLevel: "warn", preview: { host: "127.0.0.1", port, strictPort: true } });
  return { url: `http://127.0.0.1:${port}`, close: () => server.close() };
}

export interface RuntimeHandle {
  url: string;
  adminKey: string;
  stop(): Promise<void>;
}

/** Starts apps/runtime/dist/server.js with a temporary data directory. */
export async function startRuntime(): Promise<RuntimeHandle> {
  if (!existsSync(runtimeEntry)) throw new Error(`the runtime is not built (${runtimeEntry} missing): run \`npm run build\` at the repository root`);
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), "yardstick-authoring-e2e-"));
  const adminKey = `admin-${Math.random().toString(36).slice(2)}${Date.now()}`;
  const child: ChildProcess = spawn(process.execPath, [runtimeEntry], {
    cwd: repoRoot,
    env: { ...process.env, PORT: String(port), YARDSTICK_DATA_DIR: dataDir, YARDSTICK_ADMIN_KEY: adminKey, DATABASE_URL: "" },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (b) => (output += String(b)));
  child.stderr?.on("data", (b) => (output += String(b)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the runtime exited (${child.exitCode}):\n${output}`);
    try {
      if ((await fetch(`${url}/readyz`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`the runtime did not become ready in 60 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    adminKey,
    async stop() {
      if (child.exitCode === null && child.pid) {
        const exited = new Promise((r) => child.once("exit", r));
        killGroup(child.pid, "SIGTERM");
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
        if (child.exitCode === null) killGroup(child.pid, "SIGKILL");
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Signals the process group a runtime was started in (it may already be gone). */
function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ESRCH") throw e;
  }
}

/** Creates an API key with a role (admin only). */
export async function createKey(runtime: RuntimeHandle, role: string, name: string): Promise<string> {
  const res = await fetch(`${runtime.url}/v1/keys`, {
    method: "POST",
    headers: { authorization: `Bearer ${runtime.adminKey}`, "content-type": "application/json" },
    body: JSON.stringify({ role, name }),
  });
  const body = (await res.json()) as { key?: string };
  if (!res.ok || !body.key) throw new Error(`POST /v1/keys ${role}: ${res.status} ${JSON.stringify(body)}`);
  return body.key;
}
