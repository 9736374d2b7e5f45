/**
 * Seeded generators of conditions and fact sets for the differential test: values of
 * every JSON type (and NaN, Infinity, -0), strings that look like numbers, missing
 * paths, non-object facts, nested all/any/not, empty lists.
 */
import type { Facts } from "../../src/evaluate/model.js";
import { OPERATORS } from "../../src/conditions/operators.js";
// @ts-expect-error the bench generator is plain JavaScript
import { random } from "../../bench/generate.js";

export type Rng = () => number;

/** mulberry32, the bench generator's: deterministic per seed. */
export const seeded: (seed: number) => Rng = random;

const pick = <T>(r: Rng, list: readonly T[]): T => list[Math.floor(r() * list.length)]!; // r() is in [0, 1)

export const NUMBERS = [0, -0, 1, -1, 3, 4, 4.5, 5, 6, 10, 100, 1e21, -1e-7, NaN, Infinity, -Infinity];
export const STRINGS = ["", "0", "4", "5", "6", "10", "abc", "4.5kg", " 6", "Infinity", "1e3", "NaN", "true", "null", "-", "a", "b", "guest.seated", "ABC", "ａｂｃ１", "我不知道", "好像是的", "工号 1024"];
/** Words for containsAny: cases, widths and Chinese that the folded texts above contain or not. */
const WORDS = ["a", "B", "ａ", "不知道", "好像", "abc", "5", "Ab", "工号", "zz"];
/** Patterns for matches: anchors, classes, alternation, Chinese, and one adversarial shape. */
const PATTERNS = ["^a", "b$", "a+", "(a|b)c", "^[0-9]+$", "不知道|好像", "\\d", ".", "^$", "工号\\s*\\d{4}", "(a+)+$", "^\\p{Han}+$"];
const SCALARS: unknown[] = [...NUMBERS, ...STRINGS, true, false, null];
const ARRAYS = (): unknown[][] => [[], [4], [6], ["4"], [1, 2], ["a", "b"], [null], [[4]], [4, "a", null], ["5", "x"], [5, 6, 7]];
const OBJECTS = (): Record<string, unknown>[] => [{}, { a: 1 }, { x: 4 }];

export const PATHS: (string | undefined)[] = [
  undefined, "$", "$.a", "$.b", "$.a", "$.b", "$.n.x", "$.n.y", "$.n.arr[0]", "$.arr", "$.arr[0]", "$.arr[1]",
  '$["x y"]', "$.missing", "$.arr.length", "$.a.b", "$[0]", "$.type",
];

/** Any value a fact may hold (fresh objects each time: nothing is shared with conditions). */
export function anyValue(r: Rng): unknown {
  const x = r();
  if (x < 0.7) return pick(r, SCALARS);
  if (x < 0.9) return pick(r, ARRAYS());
  return pick(r, OBJECTS());
}

function factObject(r: Rng): unknown {
  if (r() < 0.07) return r() < 0.5 ? pick(r, SCALARS) : pick(r, [...ARRAYS(), undefined]);
  const o: Record<string, unknown> = {};
  if (r() < 0.75) o.a = anyValue(r);
  if (r() < 0.75) o.b = anyValue(r);
  if (r() < 0.3) o.type = pick(r, ["guest.seated", "guest.greeted", 4]);
  if (r() < 0.6) {
    const n: Record<string, unknown> = {};
    if (r() < 0.7) n.x = anyValue(r);
    if (r() < 0.5) n.y = anyValue(r);
    if (r() < 0.5) n.arr = r() < 0.8 ? Array.from({ length: Math.floor(r() * 4) }, () => anyValue(r)) : anyValue(r);
    o.n = n;
  }
  if (r() < 0.6) o.arr = r() < 0.85 ? Array.from({ length: Math.floor(r() * 5) }, () => anyValue(r)) : anyValue(r);
  if (r() < 0.3) o["x y"] = anyValue(r);
  return o;
}

/** One fact set: data, event and subject, each usually an object, sometimes not. */
export function anyFacts(r: Rng): Facts {
  return { data: factObject(r), event: factObject(r), subject: factObject(r) } as Facts;
}

function conditionValue(r: Rng, operator: string): unknown {
  if (operator === "containsAny") return Array.from({ length: 1 + Math.floor(r() * 3) }, () => pick(r, WORDS));
  if (operator === "matches") return pick(r, PATTERNS);
  if (operator === "exists" || operator === "notExists") return true;
  if (operator === "in" || operator === "notIn") {
    const n = r() < 0.15 ? 9 + Math.floor(r() * 6) : Math.floor(r() * 5);
    return Array.from({ length: n }, () => pick(r, SCALARS));
  }
  if (operator.startsWith("less") || operator.startsWith("greater")) return pick(r, SCALARS);
  const x = r();
  if (x < 0.85) return pick(r, SCALARS);
  return x < 0.95 ? pick(r, ARRAYS()) : pick(r, OBJECTS());
}

/** A leaf condition over a random fact, path, operator and value. */
export function anyLeaf(r: Rng): Record<string, unknown> {
  const operator = pick(r, OPERATORS);
  const c: Record<string, unknown> = { fact: pick(r, ["data", "event", "subject"]), operator, value: conditionValue(r, operator) };
  const path = pick(r, PATHS);
  if (path !== undefined) c.path = path;
  if (r() < 0.1) c.priority = 1 + Math.floor(r() * 3);
  if (r() < 0.05) c.name = "leaf";
  return c;
}

/** A condition tree up to `maxDepth` levels of all/any/not; lists of 0 to 4 entries. */
export function anyCondition(r: Rng, maxDepth = 4, depth = 0): Record<string, unknown> {
  if (depth >= maxDepth || r() < (depth === 0 ? 0.25 : 0.5)) return anyLeaf(r);
  const x = r();
  const node: Record<string, unknown> =
    x < 0.2
      ? { not: anyCondition(r, maxDepth, depth + 1) }
      : { [x < 0.6 ? "all" : "any"]: Array.from({ length: r() < 0.08 ? 0 : 1 + Math.floor(r() * 4) }, () => anyCondition(r, maxDepth, depth + 1)) };
  if (r() < 0.1) node.priority = 1 + Math.floor(r() * 3);
  return node;
}
