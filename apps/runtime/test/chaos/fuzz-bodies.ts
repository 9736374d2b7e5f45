/**
 * Fuzzed POST /v1/events bodies (fast-check): valid events with random data, mutated
 * events (fields missing, wrong types, unknown fields, odd times), prototype names as
 * subjects, types and data keys, huge and tiny numbers, long strings, nesting from 1 to
 * 50,000 levels, batches mixing all of these, invalid JSON, and compressed bodies both
 * valid and corrupt. Every event id of body n starts with `fz<n>-`, so that the
 * campaign can tell afterwards what each body stored.
 */
import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import fc from "fast-check";

export const PROTO_NAMES = ["constructor", "__proto__", "toString", "valueOf", "hasOwnProperty", "prototype", "__defineGetter__", "isPrototypeOf"];
const TYPES = ["guest.seated", "guest.greeted", "drink.ordered", "drink.served", "bill.presented", "payment.collected", "promise.made", "promise.kept", "complaint.opened", "complaint.resolved"];

export interface FuzzBody {
  n: number;
  /** The bytes sent and their encoding. */
  payload: Buffer | string;
  encoding?: "gzip" | "br" | "deflate";
  /** Ids of the events in it, when it is JSON we built (to check what was stored). */
  ids: string[];
  kind: string;
}

const key = fc.oneof(fc.constantFrom(...PROTO_NAMES), fc.string({ maxLength: 12 }));
const scalar = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(1e308, -1e308, 5e-324, 2 ** 53 + 1, 2 ** 64, -0, 0),
  fc.string({ maxLength: 40 }),
  fc.constantFrom("P999999999D", "PT99999999999999999999S", "P100000000D", "PT30M", "9999-12-31T23:59:59Z", "", "\u{1F600}"),
  fc.boolean(),
  fc.constant(null),
);
const data = fc.dictionary(key, fc.oneof(scalar, fc.dictionary(key, scalar, { maxKeys: 4 }), fc.array(scalar, { maxLength: 5 })), { maxKeys: 6 });

/** An event meant to be valid (it may still be refused: too late for its subject, a duplicate id with other content…). */
function validEvent(prefix: string, i: number) {
  return fc.record({
    type: fc.constantFrom(...TYPES),
    subject: fc.oneof(fc.constantFrom(...PROTO_NAMES), fc.constantFrom("s1", "s2", "s3").map((s) => `${prefix}${s}`)),
    ago: fc.integer({ min: 0, max: 20 * 60_000 }),
    data: fc.option(data, { nil: undefined }),
    promise: fc.constantFrom("p1", "p2"),
  }).map((r) => ({
    id: `${prefix}${i}`,
    type: r.type,
    subject: r.subject,
    time: new Date(Date.now() - r.ago).toISOString(),
    ...(r.data ? { data: r.type === "promise.made" ? { promise: r.promise, within: "PT5M", ...r.data } : r.data } : {}),
  }));
}

/** A mutation of a valid event: the shape a careless client or an attacker would send. */
function mutated(prefix: string, i: number) {
  return fc.tuple(validEvent(prefix, i), fc.integer({ min: 0, max: 9 }), fc.jsonValue({ maxDepth: 3 }), fc.string({ maxLength: 30 })).map(([e, m, v, s]) => {
    const x: Record<string, unknown> = { ...e };
    if (m === 0) delete x[["id", "type", "subject", "time"][i % 4]];
    if (m === 1) x[["type", "subject", "time", "data"][i % 4]] = v;
    if (m === 2) x[PROTO_NAMES[i % PROTO_NAMES.length]] = v;
    if (m === 3) x.time = s;
    if (m === 4) x.time = ["+275760-09-13T00:00:00Z", "2026-02-30T10:00:00Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59+14:00"][i % 4];
    if (m === 5) x.subject = "s".repeat(150 + (i % 100));
    if (m === 6) x.data = { long: "x".repeat(60_000 + (i % 10_000)) };
    if (m === 7) x.type = s;
    if (m === 8) x.data = v;
    if (m === 9) x.id = `${prefix}${i}${"i".repeat(190)}`;
    return x;
  });
}

/** JSON text with an event whose data nests `levels` deep (built as text: JSON.stringify overflows on such values). */
function deepEvent(prefix: string, i: number, levels: number): string {
  const inner = '{"a":'.repeat(levels) + "0" + "}".repeat(levels);
  return JSON.stringify({ id: `${prefix}${i}`, type: "guest.seated", subject: `${prefix}deep`, time: new Date().toISOString(), data: "DEEP" }).replace('"DEEP"', inner);
}

const encodings = ["gzip", "br", "deflate"] as const;
const compress = (text: string, e: (typeof encodings)[number]) => (e === "gzip" ? gzipSync(text) : e === "br" ? brotliCompressSync(text) : deflateSync(text));

/** Body number `n` (deterministic for a seed). */
export function fuzzBody(n: number, seed: number): FuzzBody {
  const prefix = `fz${n}-`;
  const [kind] = fc.sample(fc.integer({ min: 0, max: 99 }), { seed: seed + n, numRuns: 1 });
  const one = <T>(arb: fc.Arbitrary<T>): T => fc.sample(arb, { seed: seed * 7 + n, numRuns: 1 })[0];
  if (kind < 30) {
    const e = one(validEvent(prefix, 0));
    return { n, payload: JSON.stringify(e), ids: [e.id], kind: "valid event" };
  }
  if (kind < 55) {
    const e = one(mutated(prefix, n));
    return { n, payload: JSON.stringify(e), ids: typeof e.id === "string" ? [e.id] : [], kind: "mutated event" };
  }
  if (kind < 70) {
    const list = one(fc.array(fc.oneof(validEvent(prefix, 0), mutated(prefix, n)), { minLength: 1, maxLength: 20 })).map((e, i) => ({ ...e, id: `${prefix}${i}` }));
    return { n, payload: JSON.stringify({ events: list }), ids: list.map((e) => e.id), kind: "batch" };
  }
  if (kind < 78) {
    const levels = [5, 31, 32, 33, 64, 65, 500, 5_000, 50_000][n % 9];
    return { n, payload: deepEvent(prefix, 0, levels), ids: [`${prefix}0`], kind: "deep" };
  }
  if (kind < 86) {
    const e = one(validEvent(prefix, 0));
    const enc = encodings[n % 3];
    return { n, payload: compress(JSON.stringify(e), enc), encoding: enc, ids: [e.id], kind: "compressed" };
  }
  if (kind < 94) {
    const bytes = Buffer.from(one(fc.uint8Array({ minLength: 0, maxLength: 200 })));
    return { n, payload: n % 2 ? Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0]), bytes]) : bytes, encoding: encodings[n % 3], ids: [], kind: "compressed garbage" };
  }
  const text = one(fc.oneof(fc.string({ maxLength: 200 }), fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v).slice(0, -1))));
  return { n, payload: text, ids: [], kind: "not JSON / not an event" };
}
