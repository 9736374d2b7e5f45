/**
 * `yardstick activate` and `deactivate` against the real runtime (apps/runtime over
 * in-memory PGlite, on an ephemeral port), with a manager key it issued.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
// The runtime has no build of its own here: its sources, as its own tests run them.
import { createRuntime, defaultConfig, type Runtime } from "../../../apps/runtime/src/app.js";
import { policiesDir, yardstick } from "./run.js";

const ADMIN_KEY = "ys_cli_test_admin_key_0123456789abcdef";
const policyFile = join(policiesDir, "promises.policy.json");

let runtime: Runtime;
let server: Server;
let url: string;
let manager: string;
let service: string;

async function call(method: string, path: string, key: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(url + path, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

const active = async () => ((await call("GET", "/v1/policies", manager)).body.policies as Array<{ id: string; activeVersion: number | null }>).find((p) => p.id === "promises")?.activeVersion;

beforeAll(async () => {
  // No shipped policies at start: this file publishes its own, so versions start at 1.
  const config = { ...defaultConfig({ kind: "pglite", dataDir: "memory://" }), adminKey: ADMIN_KEY, log: "off" as const, authoringDir: null, policiesDir: null };
  runtime = await createRuntime({ ...config, scheduler: { ...config.scheduler, enabled: false } });
  server = runtime.app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  manager = (await call("POST", "/v1/keys", ADMIN_KEY, { role: "manager", name: "cli manager" })).body.key;
  service = (await call("POST", "/v1/keys", ADMIN_KEY, { role: "service", name: "cli service" })).body.key;
  const published = await yardstick(["publish", policyFile, "--server", url, "--message", "first", "--key", manager]);
  expect([published.code, published.stdout]).toEqual([0, expect.stringMatching(/^published promises version 1 \(sha256:[0-9a-f]+\)\n$/)]);
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await runtime.close();
});

describe("yardstick activate", () => {
  it("activates a published version, and says when it already is", async () => {
    expect(await active()).toBe(null);
    expect(await yardstick(["activate", "promises", "--version", "1", "--server", url, "--key", manager])).toEqual({ code: 0, stderr: "", stdout: "activated promises version 1 (no version was active)\n" });
    expect(await active()).toBe(1);
    expect(await yardstick(["activate", "promises", "--version", "1", "--server", url], { env: { YARDSTICK_KEY: manager } })).toEqual({ code: 0, stderr: "", stdout: "promises version 1 was already active\n" });
  });

  it("prints the runtime's refusal: a version that does not exist, a key without the right", async () => {
    expect(await yardstick(["activate", "promises", "--version", "9", "--server", url, "--key", manager])).toEqual({
      code: 1,
      stdout: "",
      stderr: `yardstick activate: ${url} refused (HTTP 404) not_found: policy promises has no version 9\n`,
    });
    const refused = await yardstick(["activate", "promises", "--version", "1", "--server", url, "--key", service]);
    expect([refused.code, refused.stdout, refused.stderr]).toEqual([1, "", expect.stringMatching(new RegExp(`^yardstick activate: ${url} refused \\(HTTP 403\\) forbidden: .+\\n$`))]);
    expect(await active()).toBe(1);
  });

  it("refuses a bad id or version before sending anything", async () => {
    expect(await yardstick(["activate", "Promises", "--version", "1", "--server", url, "--key", manager])).toEqual({
      code: 1,
      stdout: "",
      stderr: 'yardstick activate: "Promises" is not a policy id (lower-case letters, digits and "-", e.g. restaurant-dining)\n',
    });
    expect(await yardstick(["activate", "promises", "--version", "two", "--server", url, "--key", manager])).toEqual({
      code: 1,
      stdout: "",
      stderr: 'yardstick activate: --version must be a version number (1, 2, …); got "two"\n',
    });
    expect(await yardstick(["activate", "promises", "--server", url, "--key", manager])).toEqual({ code: 1, stdout: "", stderr: "yardstick activate: --version is required\nTry: yardstick activate --help\n" });
  });
});

describe("yardstick deactivate", () => {
  it("stops the policy, says so when it was not active; activate brings it back", async () => {
    // The runtime answers {id, previous, changed} (POST /v1/policies/:id/deactivate, issue 14):
    // version 1 of promises is active here, so the first call names it and the second changes nothing.
    const r = await yardstick(["deactivate", "promises", "--server", url, "--key", manager]);
    expect(r).toEqual({ code: 0, stderr: "", stdout: "deactivated promises (version 1 was active)\n" });
    expect(await active()).toBe(null);
    expect(await yardstick(["deactivate", "promises", "--server", url, "--key", manager])).toEqual({ code: 0, stderr: "", stdout: "promises was not active\n" });
    expect((await yardstick(["activate", "promises", "--version", "1", "--server", url, "--key", manager])).code).toBe(0);
    expect(await active()).toBe(1);
  });
});
