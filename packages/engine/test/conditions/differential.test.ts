/**
 * Differential test: our compiled predicates against json-rules-engine 7.3.1 (through
 * the adapter in src/json-rules-engine/) on more than 100,000 generated fact sets, 4 random
 * conditions each. Any disagreement is a bug in conditions/.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { compileCondition } from "../../src/conditions/compile-condition.js";
import { OPERATORS } from "../../src/conditions/operators.js";
import { createReferenceEngine, evaluateReference } from "../../src/json-rules-engine/reference-engine.js";
import type { Facts, Predicate } from "../../src/evaluate/model.js";
import { anyCondition, anyFacts, anyLeaf, seeded, type Rng } from "./generate.js";

const BATCHES = 3200;
const CONDITIONS_PER_BATCH = 4;
const FACTS_PER_BATCH = 32;

interface Mismatch {
  condition: unknown;
  facts: unknown;
  ours: boolean;
  reference: boolean;
}

/** Every leaf operator seen, with the outcomes it had (to show the cases were covered). */
function recordLeaves(c: any, facts: Facts, seen: Map<string, Set<boolean>>): void {
  if (Array.isArray(c.all) || Array.isArray(c.any)) for (const x of c.all ?? c.any) recordLeaves(x, facts, seen);
  else if (c.not) recordLeaves(c.not, facts, seen);
  else {
    const r = compileCondition(c, "");
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    const s = seen.get(c.operator) ?? new Set<boolean>();
    s.add(r.predicate(facts));
    seen.set(c.operator, s);
  }
}

function compileAll(conditions: unknown[]): Predicate[] {
  return conditions.map((c) => {
    const r = compileCondition(c, "");
    if (!r.ok) throw new Error(`generated an invalid condition: ${JSON.stringify(r.diagnostics)}`);
    return r.predicate;
  });
}

async function runBatch(r: Rng, mismatches: Mismatch[], seen: Map<string, Set<boolean>>, counts: { facts: number; evaluations: number; held: number }): Promise<void> {
  const conditions = Array.from({ length: CONDITIONS_PER_BATCH }, () => anyCondition(r));
  const predicates = compileAll(conditions);
  const reference = createReferenceEngine(conditions.map((condition, i) => ({ name: `c${i}`, condition })));
  for (let k = 0; k < FACTS_PER_BATCH; k++) {
    const facts = anyFacts(r);
    const held = new Set(await reference.run(facts));
    counts.facts++;
    predicates.forEach((p, i) => {
      const ours = p(facts);
      counts.evaluations++;
      if (ours) counts.held++;
      if (ours !== held.has(`c${i}`) && mismatches.length < 5) mismatches.push({ condition: conditions[i], facts, ours, reference: held.has(`c${i}`) });
    });
    if (k === 0) conditions.forEach((c) => recordLeaves(c, facts, seen));
  }
}

describe("compiled conditions agree with json-rules-engine", () => {
  it("on 102,400 generated fact sets × 4 conditions", async () => {
    const r = seeded(20261122);
    const mismatches: Mismatch[] = [];
    const seen = new Map<string, Set<boolean>>();
    const counts = { facts: 0, evaluations: 0, held: 0 };
    for (let b = 0; b < BATCHES; b++) await runBatch(r, mismatches, seen, counts);
    expect(mismatches).toEqual([]);
    expect(counts.facts).toBe(BATCHES * FACTS_PER_BATCH);
    // Both outcomes of every operator were exercised, and neither outcome dominates.
    expect(Object.fromEntries([...seen].map(([op, s]) => [op, [...s].sort()]))).toEqual(
      Object.fromEntries(OPERATORS.map((op) => [op, [false, true]])),
    );
    expect(counts.held / counts.evaluations).toBeGreaterThan(0.2);
    expect(counts.held / counts.evaluations).toBeLessThan(0.8);
  });

  it("on shrinkable fast-check cases (one leaf, one fact set)", async () => {
    const leaf = fc.integer().map((seed) => anyLeaf(seeded(seed)));
    const facts = fc.integer().map((seed) => anyFacts(seeded(seed)));
    await fc.assert(
      fc.asyncProperty(leaf, facts, async (c, f) => {
        const r = compileCondition(c, "");
        expect(r.ok).toBe(true);
        if (r.ok) expect(r.predicate(f)).toBe(await evaluateReference(c, f));
      }),
      { numRuns: 2000, seed: 7 },
    );
  });
});
