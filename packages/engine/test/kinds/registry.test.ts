/**
 * The kind registry: every registered kind implements every part, the published schema
 * has a definition per kind, and a kind is added with one folder and one registry
 * line: a toy kind in a registry built from a list compiles and evaluates with no
 * other change (compileValidPolicy, because the published schema lists the real kinds).
 */
import { describe, expect, it } from "vitest";
import { buildRegistry, DEFAULT_KINDS, kindRegistry } from "../../src/kinds/registry.js";
import type { StandardKind } from "../../src/kinds/kind.js";
import type { CompiledMatcher, CompiledStandardBase } from "../../src/evaluate/model.js";
import { makeCollector } from "../../src/compile/context.js";
import { compilePolicy, compileValidPolicy } from "../../src/compile/compile-policy.js";
import { replayEvents } from "../../src/replay/replay.js";
import { policySchema } from "../../src/schema/validate.js";
import type { MatcherDoc, PolicyDoc } from "../../src/types.js";

describe("registered kinds", () => {
  it("are timing, queue, escalation and rule, each once", () => {
    expect(kindRegistry.kinds.map((k) => k.name)).toEqual(["timing", "queue", "escalation", "rule"]);
    expect(DEFAULT_KINDS).toEqual(kindRegistry.kinds);
  });

  it.each(DEFAULT_KINDS.map((k) => [k.name, k]))("%s implements every part", (_name, kind) => {
    expect(typeof kind.compile).toBe("function");
    for (const m of ["init", "onEvent", "onTime", "nextDue", "open", "idle"] as const) expect(typeof kind.handler[m]).toBe("function");
    expect(["subject", "policy"]).toContain(kind.handler.scope);
    expect(kind.matcherFields.length).toBeGreaterThan(0);
    for (const f of kind.matcherFields) expect(["start", "stop", "other"]).toContain(f.role);
    for (const d of kind.diffFields) expect(typeof d.render).toBe("function");
    // The published schema knows it: the `kind` enum and a definition of its own.
    const defs = policySchema.definitions as Record<string, { properties?: { kind?: { enum?: string[] } } }>;
    expect(defs.standard?.properties?.kind?.enum).toContain(kind.name);
    expect(defs[kind.name]).toBeDefined();
  });

  it("refuses two kinds with one name", () => {
    expect(() => buildRegistry([...DEFAULT_KINDS, DEFAULT_KINDS[0]!])).toThrow(/two standard kinds are named "timing"/);
  });
});

/** A toy kind: counts `ping` events per subject and reports every third as a violation. */
interface PingDoc {
  id: string;
  kind: "ping";
  title: string;
  ping: MatcherDoc;
}
interface CompiledPing extends CompiledStandardBase {
  kind: "ping";
  ping: CompiledMatcher[];
}
const pingKind: StandardKind<PingDoc, CompiledPing, { count: number }> = {
  name: "ping",
  compile(doc, pointer, ctx) {
    const c = makeCollector(ctx, pointer);
    const ping = c.matchers(doc.ping, "ping");
    return c.finish({ id: doc.id, kind: "ping", title: doc.title, events: c.events, ping });
  },
  handler: {
    scope: "subject",
    init: () => ({ count: 0 }),
    onEvent(std, slot, ev, ctx) {
      if (!std.ping.some((m) => m.event === ev.type)) return;
      slot.count++;
      if (slot.count % 3 === 0) ctx.emit({ obligation: `${slot.count}`, subject: ctx.subject, key: std.id, status: "violation", at: ev.time, reasons: [`ping number ${slot.count}`], events: [ev.id] });
    },
    onTime() {},
    nextDue: () => null,
    open() {},
    idle: () => true,
  },
  matcherFields: [{ field: "ping", role: "other" }],
  diffFields: [],
};

describe("adding a kind", () => {
  const doc = { id: "toy", title: "Toy", standards: [{ id: "P1", kind: "ping", title: "Pings", ping: "toy.ping" }] } as unknown as PolicyDoc;
  const pings = Array.from({ length: 7 }, (_, i) => ({ id: `p${i + 1}`, type: "toy.ping", subject: "s1", time: `2026-11-20T12:0${i}:00Z` }));

  it("a registry built with the toy kind compiles and evaluates a policy using it", () => {
    const r = compileValidPolicy(doc, { kinds: buildRegistry([...DEFAULT_KINDS, pingKind]) });
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    // 7 pings: the 3rd and the 6th are violations (worked by hand).
    const ds = replayEvents(r.value, pings);
    expect(ds.map((d) => [d.status, d.events[0], d.standard])).toEqual([
      ["violation", "p3", "P1"],
      ["violation", "p6", "P1"],
    ]);
  });

  it("without the registry line the kind is unknown", () => {
    const r = compileValidPolicy(doc);
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map((d) => [d.code, d.path])).toEqual([["compile_unknown_kind", "/standards/0/kind"]]);
    // and the published schema refuses it before compile
    expect(compilePolicy(doc).diagnostics[0]?.code).toBe("schema_invalid");
  });
});
