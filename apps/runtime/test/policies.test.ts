/**
 * Policy versions over HTTP, on PGlite and PostgreSQL: shipped policies published on
 * first start, immutable hash-chained versions, activation, verify, diff, and a
 * subject staying with the version it started under.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Decision, PolicyDoc } from "@yardstick/engine";
import { contentHash } from "../src/policies/store.js";
import { BACKENDS, isoFromNow, settled, startServerForSuite, uid } from "./helpers.js";

const POLICIES = new URL("../../../policies/", import.meta.url);
const shipped = readdirSync(POLICIES)
  .filter((f) => f.endsWith(".policy.json"))
  .map((f) => JSON.parse(readFileSync(new URL(f, POLICIES), "utf8")) as PolicyDoc);
const restaurant = shipped.find((p) => p.id === "restaurant-dining")!;

/** The restaurant policy with R1's limit changed. */
function withR1(within: string): PolicyDoc {
  const doc = structuredClone(restaurant);
  (doc.standards.find((s) => s.id === "R1") as { within: string }).within = within;
  return doc;
}

describe.each(BACKENDS)("policies (%s)", (backend) => {
  const t = startServerForSuite(backend);

  it("publishes and activates the shipped policies on first start", async () => {
    const r = await t.call("GET", "/v1/policies");
    expect(r.status).toBe(200);
    expect(r.body.policies.map((p: { id: string; latestVersion: number; activeVersion: number }) => [p.id, p.latestVersion, p.activeVersion])).toEqual(
      shipped.map((p) => [p.id, 1, 1]).sort((a, b) => (a[0] < b[0] ? -1 : 1)),
    );
    const v1 = await t.call("GET", "/v1/policies/restaurant-dining/versions/1");
    expect(v1.body).toMatchObject({ id: "restaurant-dining", version: 1, hash: contentHash(restaurant as never), prevChain: null, author: "runtime (first start)", active: true });
    expect(v1.body.policy).toEqual({ ...restaurant, version: 1 });
  });

  it("publishes immutable versions: hash chain, author, message; same content again is no new version", async () => {
    const v1 = (await t.call("GET", "/v1/policies/restaurant-dining/versions/1")).body;
    const r = await t.call("POST", "/v1/policies/restaurant-dining/versions", undefined, { policy: withR1("PT3M"), message: "R1: 3 minutes" });
    expect(r.status).toBe(201);
    expect(r.body).toEqual({
      id: "restaurant-dining",
      version: 2,
      hash: contentHash(withR1("PT3M") as never),
      chain: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      prevChain: v1.chain,
      author: "bootstrap-admin",
      message: "R1: 3 minutes",
      publishedAt: expect.any(String),
      active: false,
      created: true,
      diagnostics: expect.any(Array),
    });
    const again = await t.call("POST", "/v1/policies/restaurant-dining/versions", undefined, { policy: { ...withR1("PT3M"), version: 7 }, message: "again" });
    expect([again.status, again.body.version, again.body.created]).toEqual([200, 2, false]);
    const history = await t.call("GET", "/v1/policies/restaurant-dining/versions");
    expect(history.body.versions.map((v: { version: number; active: boolean }) => [v.version, v.active])).toEqual([
      [1, true],
      [2, false],
    ]);
    expect(history.body.activeVersion).toBe(1);
  });

  it("refuses a policy that does not compile (422 with diagnostics), a mismatched id, unknown versions", async () => {
    const bad = { ...withR1("2 minutes") };
    const r = await t.call("POST", "/v1/policies/restaurant-dining/versions", undefined, { policy: bad, message: "typo" });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe("policy_invalid");
    expect(r.body.error.details.diagnostics.length).toBeGreaterThan(0);
    expect(r.body.error.details.path).toMatch(/^\/policy\/standards\/0\/within/);
    const mismatch = await t.call("POST", "/v1/policies/promises/versions", undefined, { policy: restaurant, message: "m" });
    expect(mismatch).toMatchObject({ status: 400, body: { error: { code: "policy_id_mismatch", details: { path: "/policy/id" } } } });
    const noMessage = await t.call("POST", "/v1/policies/restaurant-dining/versions", undefined, { policy: restaurant });
    expect(noMessage).toMatchObject({ status: 400, body: { error: { details: { path: "/message" } } } });
    expect((await t.call("GET", "/v1/policies/restaurant-dining/versions/99")).status).toBe(404);
    expect((await t.call("GET", "/v1/policies/nope/versions")).status).toBe(404);
    expect((await t.call("POST", "/v1/policies/restaurant-dining/activate", undefined, { version: 99 })).status).toBe(404);
    expect((await t.call("GET", "/v1/policies/restaurant-dining/versions/x")).body.error.details.path).toBe(":v");
  });

  it("stores versions append-only, and verify finds a record changed behind its back", async () => {
    await expect(t.db.query("UPDATE policy_versions SET message = 'edited' WHERE policy = 'promises'")).rejects.toThrow(/append-only/);
    await expect(t.db.query("DELETE FROM policy_versions WHERE policy = 'promises'")).rejects.toThrow(/append-only/);
    await expect(t.db.query("TRUNCATE decisions")).rejects.toThrow(/append-only/);
    await expect(t.db.query("TRUNCATE events")).rejects.toThrow(/append-only/);
    expect((await t.call("GET", "/v1/policies/promises/verify")).body).toMatchObject({ id: "promises", ok: true, versions: 1, problems: [] });
    await t.db.query("ALTER TABLE policy_versions DISABLE TRIGGER policy_versions_append_only");
    await t.db.query("UPDATE policy_versions SET message = 'edited' WHERE policy = 'promises'");
    await t.db.query("ALTER TABLE policy_versions ENABLE TRIGGER policy_versions_append_only");
    const v = await t.call("GET", "/v1/policies/promises/verify");
    expect(v.body).toMatchObject({ ok: false, problems: [{ version: 1, code: "record_changed" }] });
  });

  it("activation: new subjects go to the active version, a running subject stays with its own", async () => {
    const before = uid("visit");
    await t.call("POST", "/v1/events", undefined, { id: uid(), type: "guest.seated", subject: before, time: isoFromNow(-180_000) });
    const act = await t.call("POST", "/v1/policies/restaurant-dining/activate", undefined, { version: 2 });
    expect(act.body).toEqual({ id: "restaurant-dining", version: 2, previous: 1, changed: true });
    const after = uid("visit");
    await t.call("POST", "/v1/events", undefined, { id: uid(), type: "guest.seated", subject: after, time: isoFromNow(-180_000) });
    for (const s of [before, after]) await t.call("POST", "/v1/events", undefined, { id: uid(), type: "guest.greeted", subject: s, time: isoFromNow(-30_000) });
    await t.runtime.services.scheduler.pass(Date.now());
    const r1 = async (s: string) =>
      ((await t.call("GET", `/v1/decisions?subject=${s}&standard=R1&effective=true`)).body.decisions as Decision[]).filter((d) => d.status !== "warning").map((d) => [d.version, d.status]);
    // Under v1 (2 min): breached at the deadline, and again when the greeting came late.
    const underV1 = [
      [1, "breached"],
      [1, "breached"],
    ];
    expect(await settled(() => r1(before), underV1)).toEqual(underV1);
    expect(await settled(() => r1(after), [[2, "met"]])).toEqual([[2, "met"]]);
    expect((await t.call("POST", "/v1/policies/restaurant-dining/activate", undefined, { version: 2 })).body.changed).toBe(false);
  });

  it("diffs two versions: structural, and behavioural over the stored events of a time range", async () => {
    const r = await t.call("GET", `/v1/policies/restaurant-dining/diff?from=1&to=2&replayFrom=${encodeURIComponent(isoFromNow(-3_600_000))}&replayTo=${encodeURIComponent(isoFromNow(1000))}`);
    expect(r.status).toBe(200);
    expect(r.body.changes).toEqual([expect.objectContaining({ kind: "changed", standard: "R1", path: "/standards/0/within" })]);
    const messages = r.body.behaviour.changes.map((c: { message: string }) => c.message);
    expect(messages.some((m: string) => /R1: breached → met/.test(m))).toBe(true);
    expect(r.body.behaviour.events).toBeGreaterThanOrEqual(4);
    // ?changes= caps the list; the total and the per-standard transitions still count every change.
    const all = r.body.behaviour;
    expect(all.changesTotal).toBe(all.changes.length);
    expect(all.transitions.reduce((n: number, x: { count: number }) => n + x.count, 0)).toBe(all.changesTotal);
    const capped = (await t.call("GET", `/v1/policies/restaurant-dining/diff?from=1&to=2&changes=1&replayFrom=${encodeURIComponent(all.replayFrom)}&replayTo=${encodeURIComponent(all.replayTo)}`)).body.behaviour;
    expect({ listed: capped.changes, total: capped.changesTotal, truncated: capped.changesTruncated, transitions: capped.transitions }).toEqual({
      listed: all.changes.slice(0, 1),
      total: all.changesTotal,
      truncated: all.changesTotal > 1,
      transitions: all.transitions,
    });
    expect((await t.call("GET", "/v1/policies/restaurant-dining/diff?from=1&to=2&changes=10001")).body.error).toMatchObject({ details: { path: "?changes" } });
    const structural = await t.call("GET", "/v1/policies/restaurant-dining/diff?from=1&to=2");
    expect(structural.body.behaviour).toBeNull();
    const half = await t.call("GET", `/v1/policies/restaurant-dining/diff?from=1&to=2&replayFrom=${encodeURIComponent(isoFromNow(0))}`);
    expect(half).toMatchObject({ status: 400, body: { error: { details: { path: "?replayTo" } } } });
  });
});
