/**
 * Rule standards: each event that matches `on` is judged on its own, with the subject's
 * facts so far (its data already merged), and makes a `violation` when `require` fails
 * or `forbid` holds; nothing otherwise. There is nothing to wait for, so the slot is
 * empty, nothing is ever due and the subject is always idle.
 *
 * A violation names its event: key `<id>/<event id>` and obligation `#<event id>`, so
 * two violating events of one subject are two outcomes (the behavioural diff compares
 * them one by one), and a replay of the same event is the same decision. Its reasons
 * say why the rule applied (the `on` condition's leaves) and what failed; `details.facts`
 * holds the same as data: every path read, the value found and the comparison.
 */
import { eventFacts } from "../../evaluate/facts.js";
import { iso } from "../../evaluate/ids.js";
import type { Facts, KindHandler } from "../../evaluate/model.js";
import type { CompiledRule } from "./compile.js";

/** A rule keeps nothing between events. */
export type RuleSlot = Record<string, never>;

export const ruleHandler: KindHandler<CompiledRule, RuleSlot> = {
  scope: "subject",

  init() {
    return {};
  },

  onEvent(std, _slot, ev, ctx) {
    let facts: Facts | null = null;
    const factsOf = () => (facts ??= eventFacts(ev, ctx.facts));
    const matcher = std.on.find((m) => m.event === ev.type && (!m.when || m.when(factsOf())));
    if (!matcher) return;
    const f = factsOf();
    const held = std.check.test(f);
    if (std.check.mode === "require" ? held : !held) return;
    const label = std.check.mode === "require" ? "required" : "forbidden";
    ctx.emit({
      obligation: `#${ev.id}`,
      subject: ctx.subject,
      key: `${std.id}/${ev.id}`,
      status: "violation",
      startedAt: iso(ev.t),
      at: iso(ev.t),
      reasons: [...(matcher.explain?.(f) ?? []).map((r) => `applies: ${r}`), ...std.check.explain(f).map((r) => `${label}: ${r}`)],
      events: [ev.id],
      details: { event: ev.type, facts: [...(matcher.trace?.(f) ?? []), ...std.check.trace(f)] },
    });
  },

  onTime() {},

  nextDue() {
    return null;
  },

  open() {},

  idle() {
    return true;
  },
};
