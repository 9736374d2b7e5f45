/**
 * Fuzzed policies (fast-check): the shipped policies with random mutations a careless
 * or hostile manager could make: prototype names as standard ids, durations from PT1S
 * to PT99999999999999999999S, random values in random places, fields removed, extra
 * fields, a thousand standards, deep conditions. Each gets id `fzp-<n>` unless the
 * mutation is the id itself.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { PROTO_NAMES } from "./fuzz-bodies.js";

const SHIPPED = ["restaurant-dining", "promises", "complaint-handling", "bank-branch"].map((name) =>
  JSON.parse(readFileSync(new URL(`../../../../policies/${name}.policy.json`, import.meta.url), "utf8")),
);
const DURATIONS = ["PT1S", "PT2M", "P1D", "P3660D", "P3661D", "P100000000D", "P999999999D", "PT99999999999999999999S", "PT0S", "P1Y", "-PT1M", "PT1.5S", "nonsense"];

type Doc = Record<string, any>;

function mutate(doc: Doc, m: number, pick: number, v: unknown, n: number): Doc {
  const d = structuredClone(doc) as Doc;
  const s = d.standards[pick % d.standards.length];
  switch (m) {
    case 0:
      s.id = PROTO_NAMES[pick % PROTO_NAMES.length].replace(/^_+/, "") || "constructor";
      break;
    case 1:
      s.within = DURATIONS[pick % DURATIONS.length];
      break;
    case 2:
      s.warnBefore = DURATIONS[(pick + 3) % DURATIONS.length];
      break;
    case 3:
      s[Object.keys(s)[pick % Object.keys(s).length]] = v;
      break;
    case 4:
      delete s[Object.keys(s)[pick % Object.keys(s).length]];
      break;
    case 5:
      d[PROTO_NAMES[pick % PROTO_NAMES.length]] = v;
      break;
    case 6:
      d.standards = Array.from({ length: 1000 }, (_, i) => ({ ...d.standards[0], id: `S${i}` }));
      break;
    case 7: {
      let c: unknown = { fact: "vip", operator: "equal", value: true };
      for (let i = 0; i < 10 + (pick % 60); i++) c = { all: [c] };
      s.when = c;
      break;
    }
    case 8:
      d.events = { ...d.events, [PROTO_NAMES[pick % PROTO_NAMES.length]]: { description: { en: "x" } } };
      break;
    default:
      d[Object.keys(d)[pick % Object.keys(d).length]] = v;
  }
  if (m !== 9 || d.id === undefined) d.id = `fzp-${n}`;
  return d;
}

/** Policy number `n` (deterministic for a seed): a document and the id to publish it under. */
export function fuzzPolicy(n: number, seed: number): { id: string; doc: unknown } {
  const [[base, m, pick, v]] = fc.sample(fc.tuple(fc.integer({ min: 0, max: SHIPPED.length - 1 }), fc.integer({ min: 0, max: 9 }), fc.nat(1000), fc.jsonValue({ maxDepth: 3 })), {
    seed: seed + n,
    numRuns: 1,
  });
  return { id: `fzp-${n}`, doc: mutate(SHIPPED[base], m, pick, v, n) };
}
