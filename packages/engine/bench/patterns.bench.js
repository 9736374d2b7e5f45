// `matches` patterns run in time linear in the text, whatever the pattern (issue 11):
// adversarial patterns that make a backtracking engine exponential ((a+)+$, (a|a)*b,
// (x+x+)+y) timed on a text and on one 8 times longer, through the compiled condition.
// Linear: the time ratio is about 8 (quadratic would be 64; JavaScript's RegExp does not
// return from (a+)+$ on 30 characters plus one in any useful time, so it is not run).
// Prints per pattern:
//   {"bench":"patterns/<pattern>","short_chars":…,"long_chars":…,"short_ms":…,"long_ms":…,"ratio":…,"same_results":true}
// Goal (printed on stderr, not enforced): ratio < 16.
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { measureSync } from "./measure.js";

const CASES = [
  ["(a+)+$", (n) => "a".repeat(n) + "!"],
  ["(a|a)*b", (n) => "a".repeat(n)],
  ["(x+x+)+y", (n) => "x".repeat(n)],
  ["^(\\w+\\s?)*$", (n) => "word ".repeat(Math.ceil(n / 5)).slice(0, n) + "!"],
];
const SHORT = 10_000;
const FACTOR = 8;

export default async function benchPatterns({ emit, dist }) {
  const { compileCondition } = await import(pathToFileURL(join(dist, "conditions/compile-condition.js")).href);
  for (const [pattern, text] of CASES) {
    const r = compileCondition({ fact: "data", path: "$.t", operator: "matches", value: pattern }, "");
    if (!r.ok) throw new Error(`${pattern} does not compile: ${JSON.stringify(r.diagnostics)}`);
    const time = (n) => {
      const facts = { data: { t: text(n) }, event: { id: "e", type: "x.y", subject: "s", time: "" }, subject: {} };
      const held = r.predicate(facts);
      const perSecond = measureSync(() => r.predicate(facts), 1, { warmupMs: 200, minMs: 800 });
      return { ms: 1000 / perSecond, held };
    };
    const short = time(SHORT);
    const long = time(SHORT * FACTOR);
    const ratio = long.ms / short.ms;
    emit({ bench: `patterns/${pattern}`, short_chars: SHORT, long_chars: SHORT * FACTOR, short_ms: round(short.ms, 4), long_ms: round(long.ms, 4), ratio: round(ratio), same_results: short.held === false && long.held === false });
    console.error(`${pattern}: ×${FACTOR} text → ×${round(ratio)} time (goal < 16: ${ratio < 16 ? "met" : "NOT met"})`);
  }
}

function round(x, digits = 2) {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
