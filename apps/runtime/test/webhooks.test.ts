/**
 * Webhooks (issue 13), on PGlite and PostgreSQL over real HTTP, with a receiver on
 * 127.0.0.1 that checks every signature with the Standard Webhooks reference library:
 * each breach of the subscribed policy reaches it once (by webhook-id), and nothing
 * else does; a failing receiver is retried with the same id and backoff, then dead;
 * "send test"; refusals name their field. Then the built server is killed with SIGKILL
 * while deliveries are going out, and every breach still arrives, under one id each.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { ChildProcess } from "node:child_process";
import { Webhook } from "standardwebhooks";
import { afterAll, describe, expect, it } from "vitest";
import type { Decision, YardstickEvent } from "@yardstick/engine";
import { ADMIN_KEY, BACKENDS, dropSchema, eventually, isoFromNow, PG_URL, startServerForSuite, uid } from "./helpers.js";
import { freePort, startServerProcess, stopProcess } from "./processes.js";

interface Received {
  id: string;
  path: string;
  type: string;
  decision: Decision | undefined;
  verified: boolean;
}

/** A receiver: /ok answers 204; /flaky answers 500 to the first attempt of each id; /down always 503. */
async function receiver(secret: () => string): Promise<{ url: string; got: Received[]; close(): Promise<void> }> {
  const got: Received[] = [];
  const tried = new Set<string>();
  const server: Server = createServer(async (req: IncomingMessage, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    const headers = { "webhook-id": String(req.headers["webhook-id"]), "webhook-timestamp": String(req.headers["webhook-timestamp"]), "webhook-signature": String(req.headers["webhook-signature"]) };
    let verified = false;
    try {
      new Webhook(secret()).verify(body, headers);
      verified = true;
    } catch {
      /* recorded as unverified */
    }
    const payload = JSON.parse(body) as { type: string; data: unknown };
    const path = req.url ?? "";
    const first = !tried.has(headers["webhook-id"]);
    tried.add(headers["webhook-id"]);
    if (path === "/down" || (path === "/flaky" && first)) {
      res.writeHead(path === "/down" ? 503 : 500).end();
      return;
    }
    got.push({ id: headers["webhook-id"], path, type: payload.type, decision: payload.type.startsWith("decision.") ? (payload.data as Decision) : undefined, verified });
    res.writeHead(204).end();
  });
  server.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, got, close: () => new Promise((r) => server.close(() => r(undefined))) };
}

const MIN = 60_000;

/** Visits seated 10 minutes ago: `greeted` ones within a minute (R1 met), the others never (R1 breached at 2 minutes). */
function visits(prefix: string, n: number, greetedEvery = 2): YardstickEvent[] {
  const out: YardstickEvent[] = [];
  for (let i = 0; i < n; i++) {
    const subject = `${prefix}/visit-${i}`;
    out.push({ id: uid(), type: "guest.seated", subject, time: isoFromNow(-10 * MIN) });
    if (i % greetedEvery === 0) out.push({ id: uid(), type: "guest.greeted", subject, time: isoFromNow(-10 * MIN + 30_000) });
  }
  return out;
}

describe.each(BACKENDS)("webhooks (%s)", (backend) => {
  let secret = "";
  const t = startServerForSuite(backend, { config: () => ({ webhooks: { timeoutMs: 2_000, maxAttempts: 2, batch: 20 }, scheduler: { enabled: false, pollMs: 250, batch: 500 } }) });
  let rx: Awaited<ReturnType<typeof receiver>>;
  afterAll(async () => rx?.close());

  /** Runs dispatcher passes (the scheduler is off in this suite: passes are driven here) until nothing is due at `at`. */
  async function deliverAll(at = Date.now()): Promise<void> {
    while ((await t.runtime.services.dispatcher.pass(at)) > 0);
  }

  it("delivers each breach of the subscribed policy and prefix once, signed; nothing else", async () => {
    rx = await receiver(() => secret);
    const prefix = uid("wh-store");
    const created = await t.call("POST", "/v1/webhooks", undefined, { url: `${rx.url}/ok`, policy: "restaurant-dining", standard: "R1", statuses: ["breached"], subjectPrefix: `${prefix}/` });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ url: `${rx.url}/ok`, policy: "restaurant-dining", standard: "R1", statuses: ["breached"], subjectPrefix: `${prefix}/` });
    secret = created.body.secret;
    expect(secret).toMatch(/^whsec_/);
    expect(JSON.stringify((await t.call("GET", "/v1/webhooks")).body)).not.toContain(secret);
    // 10 visits, every second one greeted in time: 5 R1 breaches under the prefix; another prefix's breaches are not ours.
    await t.call("POST", "/v1/events", undefined, { events: [...visits(prefix, 10), ...visits(uid("wh-other"), 4)] });
    await t.runtime.services.scheduler.pass(Date.now());
    await deliverAll();
    // The decision log shows a transaction's decisions once every older transaction of the database has ended.
    const breaches = await eventually(async () => {
      const ds = ((await t.call("GET", `/v1/decisions?policy=restaurant-dining&standard=R1&status=breached&limit=1000`)).body.decisions as Decision[]).filter((d) => d.subject.startsWith(`${prefix}/`));
      return ds.length >= 5 ? ds : null;
    });
    expect(breaches.map((d) => d.subject).sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].filter((i) => i % 2 === 1).map((i) => `${prefix}/visit-${i}`).sort());
    const mine = rx.got.filter((g) => g.path === "/ok");
    expect(mine.every((g) => g.verified)).toBe(true);
    expect(mine.map((g) => g.decision!.id).sort()).toEqual(breaches.map((d) => d.id).sort());
    expect(new Set(mine.map((g) => g.id)).size).toBe(mine.length);
    expect(mine.every((g) => g.type === "decision.breached")).toBe(true);
    // Recording the same decisions again (a second instance, a replayed pass) enqueues nothing new.
    await t.runtime.services.scheduler.pass(Date.now());
    await deliverAll();
    expect(rx.got.filter((g) => g.path === "/ok")).toHaveLength(mine.length);
    const log = (await t.call("GET", `/v1/webhooks/${created.body.id}/deliveries`)).body.deliveries;
    expect(log.map((d: { state: string; attempts: number; lastStatus: number }) => [d.state, d.attempts, d.lastStatus])).toEqual(mine.map(() => ["delivered", 1, 204]));
  });

  it("retries a failing receiver with the same id after backoff, then marks the delivery dead after its last attempt", async () => {
    const prefix = uid("wh-retry");
    const flaky = (await t.call("POST", "/v1/webhooks", undefined, { url: `${rx.url}/flaky`, subjectPrefix: `${prefix}/`, statuses: ["breached"], standard: "R1" })).body;
    const down = (await t.call("POST", "/v1/webhooks", undefined, { url: `${rx.url}/down`, subjectPrefix: `${prefix}/`, statuses: ["breached"], standard: "R1" })).body;
    secret = flaky.secret;
    await t.call("POST", "/v1/events", undefined, { events: visits(prefix, 1, 2).slice(0, 1) });
    await t.runtime.services.scheduler.pass(Date.now());
    const now = Date.now();
    await deliverAll(now);
    const state = async (id: string) => (await t.call("GET", `/v1/webhooks/${id}/deliveries`)).body.deliveries.map((d: { state: string; attempts: number; lastStatus: number }) => [d.state, d.attempts, d.lastStatus]);
    expect(await state(flaky.id)).toEqual([["pending", 1, 500]]);
    expect(await state(down.id)).toEqual([["pending", 1, 503]]);
    // Not before the backoff (5 s after the first failure)…
    await deliverAll(now + 1_000);
    expect(await state(flaky.id)).toEqual([["pending", 1, 500]]);
    // …then the second attempt: the flaky receiver takes it, the dead one has had its 2 attempts.
    await deliverAll(Date.now() + 6_000);
    expect(await state(flaky.id)).toEqual([["delivered", 2, 204]]);
    expect(await state(down.id)).toEqual([["dead", 2, 503]]);
    expect((await t.call("GET", `/v1/webhooks/${down.id}/deliveries?state=dead`)).body.deliveries).toHaveLength(1);
    const got = rx.got.filter((g) => g.path === "/flaky");
    expect(got).toHaveLength(1);
    expect(got[0]!.verified).toBe(true);
  });

  it("sends a test delivery; deletes a subscription; refuses bad input naming the field", async () => {
    const sub = (await t.call("POST", "/v1/webhooks", undefined, { url: `${rx.url}/ok`, policy: "no-such-policy" })).body;
    secret = sub.secret;
    const sent = await t.call("POST", `/v1/webhooks/${sub.id}/test`, undefined);
    expect(sent.status).toBe(202);
    await deliverAll();
    expect(rx.got.filter((g) => g.id === sent.body.delivery).map((g) => [g.type, g.verified])).toEqual([["webhook.test", true]]);
    expect((await t.call("DELETE", `/v1/webhooks/${sub.id}`, undefined)).body).toEqual({ id: sub.id, deleted: true });
    expect((await t.call("DELETE", `/v1/webhooks/${sub.id}`, undefined)).status).toBe(404);
    expect((await t.call("POST", `/v1/webhooks/${sub.id}/test`, undefined)).status).toBe(404);
    const refused = async (body: unknown) => {
      const r = await t.call("POST", "/v1/webhooks", undefined, body);
      return [r.status, r.body.error?.details?.path];
    };
    expect(await refused({ url: "ftp://example.test/x" })).toEqual([400, "/url"]);
    expect(await refused({ url: "not a url" })).toEqual([400, "/url"]);
    expect(await refused({ url: "http://user:pw@127.0.0.1/" })).toEqual([400, "/url"]);
    expect(await refused({ url: `${rx.url}/ok`, statuses: ["late"] })).toEqual([400, "/statuses/0"]);
    expect(await refused({ url: `${rx.url}/ok`, policy: "__proto__ x" })).toEqual([400, "/policy"]);
    expect(await refused({ url: `${rx.url}/ok`, colour: "red" })).toEqual([400, "/colour"]);
    expect((await t.call("GET", "/v1/webhooks/wh_nope/deliveries")).status).toBe(404);
  });
});

describe("webhooks across kill -9 (postgres, built server)", () => {
  const schema = `webhooks_${process.pid}_${Date.now() % 100_000}`;
  let child: ChildProcess | null = null;
  let rx: Awaited<ReturnType<typeof receiver>> | undefined;
  afterAll(async () => {
    if (child) await stopProcess(child, "SIGKILL");
    await rx?.close();
    await dropSchema(schema);
  });

  it("every breach reaches the receiver under one webhook-id, though the runtime was killed while sending", async () => {
    let secret = "";
    rx = await receiver(() => secret);
    const port = await freePort();
    const env = {
      PORT: String(port),
      DATABASE_URL: PG_URL,
      YARDSTICK_DB_SCHEMA: schema,
      YARDSTICK_ADMIN_KEY: ADMIN_KEY,
      YARDSTICK_LOG: "off",
      YARDSTICK_AUTHORING_DIR: "",
      YARDSTICK_SCHEDULER_POLL_MS: "50",
      // A short timeout makes the lease short (timeout + 5 s): a delivery claimed by the killed process is sent again soon.
      YARDSTICK_WEBHOOK_TIMEOUT_MS: "500",
    };
    const call = (method: string, path: string, body?: unknown): Promise<any> =>
      fetch(`http://127.0.0.1:${port}${path}`, { method, headers: { authorization: `Bearer ${ADMIN_KEY}`, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) }).then((r) => r.json());
    child = await startServerProcess(env, port);
    const prefix = uid("wh-crash");
    const sub = await call("POST", "/v1/webhooks", { url: `${rx.url}/ok`, statuses: ["breached"], subjectPrefix: `${prefix}/` });
    secret = sub.secret;
    // 3 rounds: 40 never-greeted visits each (R1..R8 breach as their deadlines come), SIGKILL as soon as the first deliveries arrive.
    for (let round = 0; round < 3; round++) {
      const before = rx.got.length;
      await call("POST", "/v1/events", { events: visits(`${prefix}/r${round}`, 40, 1_000_000) });
      await eventually(async () => rx!.got.length > before, 30_000);
      await stopProcess(child, "SIGKILL");
      child = await startServerProcess(env, port);
    }
    const breachedIds = async (): Promise<string[]> => {
      const ids: string[] = [];
      for (let cursor = ""; ; ) {
        const r = await call("GET", `/v1/decisions?status=breached&limit=1000${cursor && `&cursor=${cursor}`}`);
        ids.push(...(r.decisions as Decision[]).filter((d) => d.subject.startsWith(`${prefix}/`)).map((d) => d.id));
        if (!r.hasMore) return ids.sort();
        cursor = r.nextCursor;
      }
    };
    // Every stored breach delivered (retries after the lease included), once per webhook-id:
    // read until the stored breaches stop changing (the restarted scheduler may still be firing).
    let previous = "";
    const want = await eventually(async () => {
      await new Promise((r) => setTimeout(r, 500));
      const ids = await breachedIds();
      const got = new Set(rx!.got.map((g) => g.decision!.id));
      const stable = ids.join(",") === previous;
      previous = ids.join(",");
      return stable && ids.length > 0 && ids.every((id) => got.has(id)) ? ids : null;
    }, 60_000);
    const byHook = new Map<string, string>();
    for (const g of rx.got) {
      expect(g.verified).toBe(true);
      const seen = byHook.get(g.id);
      if (seen !== undefined) expect(seen).toBe(g.decision!.id);
      byHook.set(g.id, g.decision!.id);
    }
    expect([...new Set(rx.got.map((g) => g.decision!.id))].sort()).toEqual(want);
    expect(byHook.size).toBe(want.length);
    console.log(`webhooks across 3 × kill -9: ${want.length} breaches, ${rx.got.length} requests received (${rx.got.length - want.length} repeats of an id already received)`);
  });
});
