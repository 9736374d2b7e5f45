/**
 * The fault and fuzz campaign of issue 14 (test/chaos.test.ts runs it): fuzzed bodies
 * and policies against a built server over HTTP, then load under kill -9, PostgreSQL
 * crashes and two instances. Each phase returns one row of the table printed at the
 * end: tried, 2xx, 4xx, 5xx, hung (no answer within 15 s), no answer (connection cut by
 * a fault), state changed (a refused request that stored something), lost (an
 * acknowledged event not stored), others failed (a control request that failed because
 * of another's), fired exactly once (the stored decisions equal a replay of the stored
 * events: every due deadline once).
 */
import { readFileSync } from "node:fs";
import { compilePolicy, effectiveDecisions, replayEvents, type CompiledPolicy, type Decision, type YardstickEvent } from "@yardstick/engine";
import { ADMIN_KEY, comparable, uid } from "../helpers.js";
import { postBatch, visitBatch } from "../processes.js";
import { fuzzBody } from "./fuzz-bodies.js";
import { fuzzPolicy } from "./fuzz-policies.js";

export interface Row {
  phase: string;
  tried: number;
  ok2xx: number;
  ok4xx: number;
  err5xx: number;
  hung: number;
  noAnswer: number;
  stateChanged: number;
  lost: number;
  othersFailed: number;
  firedExactlyOnce: string;
}

export type Query = (sql: string, params?: unknown[]) => Promise<any[]>;

const TIMEOUT_MS = 15_000;
export const restaurant: CompiledPolicy = (() => {
  const r = compilePolicy(JSON.parse(readFileSync(new URL("../../../../policies/restaurant-dining.policy.json", import.meta.url), "utf8")), { version: 1 });
  if (!r.ok) throw new Error("restaurant-dining does not compile");
  return r.value;
})();

export function emptyRow(phase: string): Row {
  return { phase, tried: 0, ok2xx: 0, ok4xx: 0, err5xx: 0, hung: 0, noAnswer: 0, stateChanged: 0, lost: 0, othersFailed: 0, firedExactlyOnce: "-" };
}

/** Counts one answer in a row: an HTTP status, "hung" or "cut". */
export function count(row: Row, s: number | "hung" | "cut"): void {
  row.tried++;
  if (s === "hung") row.hung++;
  else if (s === "cut") row.noAnswer++;
  else if (s < 300) row.ok2xx++;
  else if (s < 500) row.ok4xx++;
  else row.err5xx++;
}

/** A request with the campaign's timeout: its status, "hung" (timed out) or "cut" (connection failed). */
export async function send(url: string, method: string, body?: Buffer | string, headers: Record<string, string> = {}): Promise<{ status: number | "hung" | "cut"; json: any }> {
  try {
    const r = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${ADMIN_KEY}`, ...(body !== undefined ? { "content-type": "application/json" } : {}), ...headers },
      body,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const text = await r.text();
    let json: any = null;
    try {
      json = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: r.status, json };
  } catch (err) {
    return { status: (err as Error).name === "TimeoutError" ? "hung" : "cut", json: null };
  }
}

/** Runs `n` tasks with `concurrency` at once. */
async function pool(n: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < n) await task(next++);
  }));
}

/** `count` fuzzed event bodies; afterwards, what each stored. */
export async function fuzzBodies(base: string, total: number, seed: number, query: Query): Promise<Row> {
  const row = emptyRow("fuzzed event bodies");
  const answers = new Map<number, { status: number | "hung" | "cut"; ids: string[] }>();
  await pool(total, 8, async (n) => {
    const b = fuzzBody(n, seed);
    const r = await send(`${base}/v1/events`, "POST", b.payload, b.encoding ? { "content-encoding": b.encoding } : {});
    count(row, r.status);
    answers.set(n, { status: r.status, ids: b.ids });
    if (typeof r.status === "number" && r.status >= 500) console.log(`5xx for body ${n} (${b.kind}): ${JSON.stringify(r.json).slice(0, 300)}`);
  });
  const stored = new Map<number, Set<string>>();
  for (const r of await query("SELECT id FROM events WHERE id LIKE 'fz%'")) {
    const m = /^fz(\d+)-/.exec(r.id);
    if (!m) continue;
    const n = Number(m[1]);
    if (!stored.has(n)) stored.set(n, new Set());
    stored.get(n)!.add(r.id);
  }
  for (const [n, a] of answers) {
    const mine = stored.get(n) ?? new Set<string>();
    if (a.status === 200) row.lost += a.ids.filter((id) => !mine.has(id)).length;
    else if (mine.size) row.stateChanged++;
  }
  return row;
}

/** `count` fuzzed policies: evaluated, published, and when accepted activated while a control client sends events. */
export async function fuzzPolicies(base: string, total: number, seed: number): Promise<Row> {
  const row = emptyRow("fuzzed policies");
  const t = Date.now() - 5 * 60_000;
  const events = [
    { id: "a", type: "guest.seated", subject: "v", time: new Date(t).toISOString() },
    { id: "b", type: "promise.made", subject: "v", time: new Date(t + 1000).toISOString(), data: { promise: "p", within: "PT1M" } },
  ];
  await pool(total, 4, async (n) => {
    const { id, doc } = fuzzPolicy(n, seed);
    count(row, (await send(`${base}/v1/evaluate`, "POST", JSON.stringify({ policy: doc, events }))).status);
    const pub = await send(`${base}/v1/policies/${id}/versions`, "POST", JSON.stringify({ policy: doc, message: "fuzz" }));
    count(row, pub.status);
    if (pub.status === 201 || pub.status === 200) {
      count(row, (await send(`${base}/v1/policies/${id}/activate`, "POST", JSON.stringify({ version: pub.json.version }))).status);
      // A control client's event while the fuzzed policy is active must be acknowledged.
      const control = await send(`${base}/v1/events`, "POST", JSON.stringify({ id: uid("ctl"), type: "guest.seated", subject: uid("ctl-visit"), time: new Date().toISOString() }));
      if (control.status !== 200) {
        row.othersFailed++;
        console.log(`control event failed (${control.status}) with policy ${id} active: ${JSON.stringify(control.json).slice(0, 300)}`);
      }
      count(row, (await send(`${base}/v1/policies/${id}/deactivate`, "POST", "{}")).status);
    } else if (typeof pub.status === "number" && pub.status < 500) {
      if ((await send(`${base}/v1/policies/${id}/versions`, "GET")).status === 200) row.stateChanged++;
    }
  });
  return row;
}

/**
 * Load on `ports` (4 clients, batches of restaurant visits with every deadline due)
 * while `fault(i)` runs `faults` times; then the clients retry what was not
 * acknowledged, and the stored events and decisions are checked.
 */
export async function loadUnderFaults(phase: string, ports: number[], faults: number, fault: (i: number) => Promise<void>): Promise<{ row: Row; sent: YardstickEvent[][]; acked: Set<YardstickEvent[]> }> {
  const row = emptyRow(phase);
  const sent: YardstickEvent[][] = [];
  const acked = new Set<YardstickEvent[]>();
  let stopping = false;
  let k = 0;
  const sender = async () => {
    while (!stopping) {
      const b = visitBatch(`ch-${phase.replace(/\W+/g, "")}`);
      sent.push(b);
      const s = await postBatch(ports[k++ % ports.length], b);
      count(row, s === 0 ? "cut" : s);
      if (s === 200) acked.add(b);
      // A server being restarted refuses connections at once: do not pile up batches to retry.
      else await new Promise((r) => setTimeout(r, s === 0 ? 300 : 50));
    }
  };
  const load = Array.from({ length: 4 }, sender);
  for (let i = 0; i < faults; i++) {
    await new Promise((r) => setTimeout(r, 1_500));
    await fault(i);
  }
  await new Promise((r) => setTimeout(r, 1_000));
  stopping = true;
  await Promise.all(load);
  for (const b of sent.filter((x) => !acked.has(x))) {
    for (let i = 0; i < 100; i++) {
      if ((await postBatch(ports[0], b)) === 200) break;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return { row, sent, acked };
}

/** Fills `lost` and `firedExactlyOnce`: acknowledged events stored, stored decisions = replay (waits up to 60 s for the scheduler). */
export async function checkLoad(row: Row, sent: YardstickEvent[][], acked: Set<YardstickEvent[]>, query: Query, prefix: string): Promise<void> {
  const storedIds = new Set((await query("SELECT id FROM events WHERE body->>'subject' LIKE $1", [`${prefix}%`])).map((r) => r.id as string));
  row.lost = [...acked].flat().filter((e) => !storedIds.has(e.id)).length;
  const all = sent.flat().filter((e) => storedIds.has(e.id));
  const want = comparable(effectiveDecisions(replayEvents(restaurant, all)));
  let got: Decision[] = [];
  for (const until = Date.now() + 60_000; Date.now() < until; await new Promise((r) => setTimeout(r, 500))) {
    const superseded = new Set((await query("SELECT decision_id FROM supersessions")).map((r) => r.decision_id));
    got = comparable(
      (await query("SELECT body FROM decisions WHERE policy = 'restaurant-dining' AND subject LIKE $1", [`${prefix}%`])).map((r) => r.body as Decision).filter((d) => !d.retracted && !superseded.has(d.id)),
    );
    if (JSON.stringify(got) === JSON.stringify(want)) break;
  }
  const breached = want.filter((d) => d.status === "breached").length;
  row.firedExactlyOnce = JSON.stringify(got) === JSON.stringify(want) ? `yes (${breached} breaches, ${want.length} decisions)` : `NO (${got.length} stored vs ${want.length} replayed)`;
}

/** The table, as printed at the end of the campaign. */
export function renderTable(rows: Row[]): string {
  const head = ["phase", "tried", "2xx", "4xx", "5xx", "hung", "no answer", "state changed", "lost", "others failed", "fired exactly once"];
  const body = rows.map((r) => [r.phase, r.tried, r.ok2xx, r.ok4xx, r.err5xx, r.hung, r.noAnswer, r.stateChanged, r.lost, r.othersFailed, r.firedExactlyOnce].map(String));
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...body.map(line)].join("\n");
}
