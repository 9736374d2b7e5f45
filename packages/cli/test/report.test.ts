/**
 * `yardstick report` against the real runtime (apps/runtime over in-memory PGlite, on an
 * ephemeral port) holding the generated month of two sites of the runtime's report test
 * (apps/runtime/test/month.ts): the figures are the ones worked out by hand there
 * (store-7: 90 obligations, 30 met, p50 8 min, p90 12 min, 150 overrun minutes;
 * store-8: 90, 60 met, 6 and 11 min, 30; total 180, 90 met, 7 and 12 min, 180).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createRuntime, defaultConfig, type Runtime } from "../../../apps/runtime/src/app.js";
import { MONTH_LATENESS_MS, MONTH_POLICY, monthEvents } from "../../../apps/runtime/test/month.js";
import { yardstick } from "./run.js";

const ADMIN_KEY = "ys_cli_test_admin_key_0123456789abcdef";
let runtime: Runtime;
let server: Server;
let url: string;
let auditor: string;
let service: string;

async function call(method: string, path: string, key: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(url + path, { method, headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

beforeAll(async () => {
  const config = { ...defaultConfig({ kind: "pglite", dataDir: "memory://" }), adminKey: ADMIN_KEY, log: "off" as const, authoringDir: null, policiesDir: null, latenessMs: MONTH_LATENESS_MS };
  runtime = await createRuntime(config);
  server = runtime.app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  auditor = (await call("POST", "/v1/keys", ADMIN_KEY, { role: "auditor", name: "cli auditor" })).body.key;
  service = (await call("POST", "/v1/keys", ADMIN_KEY, { role: "service", name: "cli service" })).body.key;
  await call("POST", `/v1/policies/${MONTH_POLICY.id}/versions`, ADMIN_KEY, { policy: MONTH_POLICY, message: "month" });
  await call("POST", `/v1/policies/${MONTH_POLICY.id}/activate`, ADMIN_KEY, { version: 1 });
  expect((await call("POST", "/v1/events", ADMIN_KEY, { events: monthEvents("c") })).body.accepted).toBe(360);
}, 60_000);

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await runtime.close();
});

const window = ["--from", "2026-11-01T00:00:00+08:00", "--to", "2026-12-01T00:00:00+08:00", "--policy", MONTH_POLICY.id];

describe("yardstick report", () => {
  it("prints the report by site as a table", async () => {
    const r = await yardstick(["report", "--server", url, "--key", auditor, ...window, "--group-by", "site"]);
    expect(r).toEqual({
      code: 0,
      stderr: "",
      stdout: [
        "SITE     OBLIGATIONS  MET  BREACHED  MET %    P50     P90  OVERRUN MIN",
        "store-7           90   30        60   33.3  8 min  12 min          150",
        "store-8           90   60        30   66.7  6 min  11 min           30",
        "TOTAL            180   90        90   50.0  7 min  12 min          180",
        "",
      ].join("\n"),
    });
  });

  it("prints CSV with raw numbers and the total last, and JSON as the server answers", async () => {
    const r = await yardstick(["report", "--server", url, ...window, "--group-by", "site", "--format", "csv"], { env: { YARDSTICK_KEY: auditor } });
    expect(r.stdout).toBe(
      "group,obligations,met,breached,shareMet,p50ElapsedMs,p90ElapsedMs,overrunMinutes,total\r\n" +
        "store-7,90,30,60,0.3333333333333333,480000,720000,150,false\r\n" +
        "store-8,90,60,30,0.6666666666666666,360000,660000,30,false\r\n" +
        ",180,90,90,0.5,420000,720000,180,true\r\n",
    );
    const j = await yardstick(["report", "--server", url, "--key", auditor, ...window, "--group-by", "week", "--format", "json"]);
    const body = JSON.parse(j.stdout);
    expect([j.code, body.tz, body.groups.map((g: { group: string }) => g.group), body.total.obligations]).toEqual([0, "Asia/Shanghai", ["2026-10-26", "2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23", "2026-11-30"], 180]);
  });

  it("refuses bad flags naming them, and prints the runtime's refusal", async () => {
    expect((await yardstick(["report", "--server", url, "--key", auditor, "--from", "yesterday", "--to", "2026-12-01T00:00:00Z"])).stderr).toMatch(/--from must be an ISO 8601 time with offset/);
    expect((await yardstick(["report", "--server", url, "--key", auditor, ...window, "--group-by", "month"])).stderr).toMatch(/--group-by must be one of day, week, site, severity, standard; got "month"/);
    const refused = await yardstick(["report", "--server", url, "--key", service, ...window]);
    expect([refused.code, refused.stderr]).toEqual([1, expect.stringMatching(/refused \(HTTP 403\) forbidden/)]);
  });
});
