/**
 * Issue 14, input bounds at the HTTP edge (docs/limits.md): every bound is a 4xx that
 * names the field, and a refused request changes nothing. Corrupt compressed bodies,
 * deep nesting, oversized data, too many events, long strings, durations and times
 * beyond range on /v1/evaluate and on publish.
 */
import { readFileSync } from "node:fs";
import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { ADMIN_KEY, isoFromNow, startServerForSuite, uid } from "./helpers.js";

const promises = JSON.parse(readFileSync(new URL("../../../policies/promises.policy.json", import.meta.url), "utf8"));

function nest(levels: number): Record<string, unknown> {
  let v: Record<string, unknown> = {};
  for (let i = 0; i < levels; i++) v = { a: v };
  return v;
}
/** `levels` nested objects as JSON text (JSON.stringify itself overflows the stack on such values). */
const nestText = (levels: number) => '{"a":'.repeat(levels) + "{}" + "}".repeat(levels);
/** The JSON pointer of `levels` nested "a" keys under `base`. */
const under = (base: string, levels: number) => base + "/a".repeat(levels);

describe("input bounds (pglite)", () => {
  const t = startServerForSuite("pglite");
  const eventCount = async () => Number((await t.db.query("SELECT count(*)::int AS n FROM events"))[0].n);
  const seated = (data?: unknown) => ({ id: uid(), type: "guest.seated", subject: uid("visit"), time: isoFromNow(-60_000), ...(data === undefined ? {} : { data }) });

  async function raw(path: string, body: Buffer | string, headers: Record<string, string>) {
    const r = await fetch(t.url + path, { method: "POST", headers: { authorization: `Bearer ${ADMIN_KEY}`, "content-type": "application/json", ...headers }, body });
    return { status: r.status, body: (await r.json()) as any };
  }

  it("corrupt gzip, br and deflate bodies: 400 invalid_encoding; valid compressed bodies are read", async () => {
    const before = await eventCount();
    for (const encoding of ["gzip", "br", "deflate"]) {
      const r = await raw("/v1/events", Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad, 0xbe, 0xef, 1, 2, 3]), { "content-encoding": encoding });
      expect([encoding, r.status, r.body.error.code]).toEqual([encoding, 400, "invalid_encoding"]);
    }
    const e = seated();
    const good: Array<[string, Buffer]> = [
      ["gzip", gzipSync(JSON.stringify(e))],
      ["br", brotliCompressSync(JSON.stringify({ ...e, id: uid() }))],
      ["deflate", deflateSync(JSON.stringify({ ...e, id: uid() }))],
    ];
    for (const [encoding, body] of good) expect([encoding, (await raw("/v1/events", body, { "content-encoding": encoding })).status]).toEqual([encoding, 200]);
    expect(await eventCount()).toBe(before + 3);
    // A compressed body that inflates beyond the body limit is 413, however small it travels.
    const bomb = gzipSync(Buffer.alloc(5 << 20, 32));
    expect((await raw("/v1/events", bomb, { "content-encoding": "gzip" })).body.error.code).toBe("payload_too_large");
  });

  it("nesting beyond the bounds: 400 limit_exceeded naming the field, nothing stored", async () => {
    const before = await eventCount();
    // Inside data: objects at depths 0 (data itself) to 31 are allowed; one at depth 32 is refused at its pointer.
    expect((await t.call("POST", "/v1/events", undefined, seated(nest(31)))).status).toBe(200);
    const deepData = await t.call("POST", "/v1/events", undefined, seated(nest(32)));
    expect(deepData).toMatchObject({ status: 400, body: { error: { code: "limit_exceeded", details: { limit: "eventDataDepth", path: under("/data", 32), max: 32 } } } });
    // Anywhere in a body: depth 64 (data sits at depth 3 of {events: [{data}]}: 61 levels below it).
    const deepBody = await t.call("POST", "/v1/events", undefined, JSON.stringify({ events: [seated("DEEP")] }).replace('"DEEP"', nestText(50_000)));
    expect(deepBody).toMatchObject({ status: 400, body: { error: { code: "limit_exceeded", details: { limit: "bodyDepth", path: under("/events/0/data", 61) } } } });
    const deepPolicy = await t.call("POST", "/v1/evaluate", undefined, `{"events": [], "policy": ${nestText(50_000)}}`);
    expect(deepPolicy).toMatchObject({ status: 400, body: { error: { code: "limit_exceeded", details: { limit: "bodyDepth", path: under("/policy", 63) } } } });
    expect(await eventCount()).toBe(before + 1);
  });

  it("sizes: data, strings, events per request", async () => {
    const before = await eventCount();
    const big = await t.call("POST", "/v1/events", undefined, seated({ note: "x".repeat(60_000), more: "y".repeat(10_000) }));
    expect(big).toMatchObject({ status: 400, body: { error: { code: "limit_exceeded", details: { limit: "eventDataChars", path: "/data" } } } });
    const long = await t.call("POST", "/v1/events", undefined, seated({ note: "x".repeat(70_000) }));
    expect(long).toMatchObject({ status: 400, body: { error: { code: "limit_exceeded", details: { limit: "stringChars", path: "/data/note" } } } });
    const many = await t.call("POST", "/v1/events", undefined, { events: Array.from({ length: 10_001 }, () => 0) });
    expect(many).toMatchObject({ status: 400, body: { error: { code: "limit_exceeded", details: { limit: "eventsPerRequest", path: "/events" } } } });
    const longId = await t.call("POST", "/v1/events", undefined, { ...seated(), subject: "s".repeat(201) });
    expect(longId).toMatchObject({ status: 400, body: { error: { code: "event_invalid", details: { path: "/subject" } } } });
    expect(await eventCount()).toBe(before);
  });

  it("durations: a policy's beyond 400 days is the engine's compile diagnostic (422), event data's beyond 3,660 days a 400; times beyond range 400; never 500", async () => {
    const t0 = "2026-12-01T10:00:00Z";
    const made = (within: string) => ({ id: uid(), type: "promise.made", subject: "p", time: t0, data: { promise: "x", within } });
    for (const within of ["P100000000D", "P999999999D", "PT99999999999999999999S", "P3661D"]) {
      const inData = await t.call("POST", "/v1/evaluate", undefined, { policyRef: { id: "promises" }, events: [made(within)] });
      expect([within, inData.status, inData.body.error?.code, inData.body.error?.details.path]).toEqual([within, 400, "limit_exceeded", "/events/0/data/within"]);
      const doc = { ...promises, standards: [{ ...promises.standards[0], deadlineFrom: undefined, within }] };
      const inPolicy = await t.call("POST", "/v1/evaluate", undefined, { policy: doc, events: [] });
      expect([within, inPolicy.status, inPolicy.body.error?.code, inPolicy.body.error?.details.path]).toEqual([within, 422, "policy_invalid", "/policy/standards/0/within"]);
      expect(inPolicy.body.error.details.diagnostics).toContainEqual(expect.objectContaining({ code: "compile_limit_exceeded", path: "/policy/standards/0/within" }));
      const published = await t.call("POST", "/v1/policies/promises/versions", undefined, { policy: doc, message: "too long" });
      expect([within, published.status, published.body.error?.code]).toEqual([within, 422, "policy_invalid"]);
      expect(published.body.error.details.diagnostics).toContainEqual(expect.objectContaining({ code: "compile_limit_exceeded" }));
      const stored = await t.call("POST", "/v1/events", undefined, { ...made(within), time: isoFromNow(-60_000) });
      expect([within, stored.status, stored.body.error?.details.path]).toEqual([within, 400, "/data/within"]);
    }
    // The engine's bound for policies: P400D compiles, P401D is refused (422) though the edge would allow it in data.
    const policyWith = (within: string) => ({ ...promises, standards: [{ ...promises.standards[0], deadlineFrom: undefined, within }] });
    expect((await t.call("POST", "/v1/evaluate", undefined, { policy: policyWith("P400D"), events: [] })).status).toBe(200);
    expect((await t.call("POST", "/v1/evaluate", undefined, { policy: policyWith("P401D"), events: [] })).body.error.code).toBe("policy_invalid");
    // 3,660 days in event data is allowed at the edge (the engine counts it as no valid deadline); a due at the end of the calendar is evaluated, not a 500.
    expect((await t.call("POST", "/v1/evaluate", undefined, { policyRef: { id: "promises" }, events: [made("P3660D")] })).status).toBe(200);
    const far = await t.call("POST", "/v1/evaluate", undefined, { policyRef: { id: "promises" }, events: [{ ...made("PT1M"), data: { promise: "x", due: "9999-12-31T23:59:59Z" } }] });
    expect(far.status).toBeLessThan(500);
    for (const until of ["2026-13-45T00:00:00Z", "+275760-09-13T00:00:00Z", "P100000000D", 12]) {
      const r = await t.call("POST", "/v1/evaluate", undefined, { policyRef: { id: "promises" }, events: [], until });
      expect([until, r.status, r.body.error.details.path]).toEqual([until, 400, "/until"]);
    }
  });
});
