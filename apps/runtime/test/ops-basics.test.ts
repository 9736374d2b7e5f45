/**
 * Issue 13, ops basics over real HTTP: prom-client's default process and Node.js
 * metrics beside the runtime's own; a request id in every response header and log line
 * (a sane incoming one kept, anything else replaced); gzip/brotli compression; a year of
 * immutable caching for the app's hashed assets and no-cache for index.html.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../src/observability/logger.js";
import { ADMIN_KEY, startServerForSuite } from "./helpers.js";

/** A raw GET (no automatic decompression): status, headers and the bytes' length. */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let bytes = 0;
      res.on("data", (c: Buffer) => (bytes += c.length));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("ops basics", () => {
  const lines: string[] = [];
  let dir: string;
  const bigScript = `console.log(${JSON.stringify("yardstick ".repeat(2000))});\n`;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "yardstick-ops-basics-"));
    mkdirSync(join(dir, "app", "assets"), { recursive: true });
    writeFileSync(join(dir, "app", "index.html"), "<!doctype html><title>authoring</title>");
    writeFileSync(join(dir, "app", "assets", "index-3f2a9c1d.js"), bigScript);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const t = startServerForSuite("pglite", { config: () => ({ authoringDir: join(dir, "app"), log: "json" }), logger: createLogger("json", (l) => lines.push(l)) });

  it("exposes prom-client's default process and Node.js metrics with the runtime's own", async () => {
    const r = await t.call("GET", "/metrics", null);
    expect(r.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    for (const name of ["process_cpu_seconds_total", "process_resident_memory_bytes", "nodejs_eventloop_lag_seconds", "nodejs_heap_size_used_bytes", "yardstick_events_total", "yardstick_http_request_duration_seconds"]) {
      expect([name, new RegExp(`^# TYPE ${name} `, "m").test(r.body)]).toEqual([name, true]);
    }
  });

  it("keeps a sane incoming X-Request-Id, replaces anything else, and logs it on the request's lines", async () => {
    lines.length = 0;
    const kept = await t.call("GET", "/v1/keys/me", ADMIN_KEY, undefined, { "x-request-id": "lb-7f3a.42:1" });
    expect(kept.headers.get("x-request-id")).toBe("lb-7f3a.42:1");
    const replaced = await t.call("GET", "/v1/keys/me", ADMIN_KEY, undefined, { "x-request-id": "no spaces or ünïcode" });
    const generated = replaced.headers.get("x-request-id");
    expect(generated).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const refused = await t.call("GET", "/v1/keys/me", null);
    expect([refused.status, refused.headers.get("x-request-id")]).toEqual([401, expect.stringMatching(/^[0-9a-f-]{36}$/)]);
    const logged = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === "request");
    expect(logged.map((l) => l.requestId)).toEqual(["lb-7f3a.42:1", generated, refused.headers.get("x-request-id")]);
  });

  it("compresses with gzip or brotli as accepted, not below 1 KiB", async () => {
    const plain = await rawGet(`${t.url}/openapi.json`, {});
    const gz = await rawGet(`${t.url}/openapi.json`, { "accept-encoding": "gzip" });
    const br = await rawGet(`${t.url}/openapi.json`, { "accept-encoding": "br, gzip" });
    expect([plain.headers["content-encoding"], gz.headers["content-encoding"], br.headers["content-encoding"]]).toEqual([undefined, "gzip", "br"]);
    expect([gz.bytes < plain.bytes / 2, br.bytes < plain.bytes / 2]).toEqual([true, true]);
    expect((await rawGet(`${t.url}/healthz`, { "accept-encoding": "gzip" })).headers["content-encoding"]).toBe(undefined);
  });

  it("caches the app's hashed assets for a year, and revalidates index.html", async () => {
    const asset = await rawGet(`${t.url}/assets/index-3f2a9c1d.js`, { "accept-encoding": "br" });
    expect([asset.status, asset.headers["cache-control"], asset.headers["content-encoding"]]).toEqual([200, "public, max-age=31536000, immutable", "br"]);
    for (const path of ["/", "/index.html", "/versions/restaurant-dining"]) {
      const page = await rawGet(`${t.url}${path}`, { accept: "text/html" });
      expect([path, page.status, page.headers["cache-control"]]).toEqual([path, 200, "no-cache"]);
    }
  });

  it("does not compress the decision stream (each message must arrive when made)", async () => {
    const ac = new AbortController();
    const res = await fetch(`${t.url}/v1/decisions/stream`, { headers: { authorization: `Bearer ${ADMIN_KEY}`, "accept-encoding": "gzip, br" }, signal: ac.signal });
    expect([res.status, res.headers.get("content-type")?.startsWith("text/event-stream"), res.headers.get("content-encoding")]).toEqual([200, true, null]);
    ac.abort();
  });
});
