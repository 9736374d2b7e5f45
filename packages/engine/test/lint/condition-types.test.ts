/** lint_condition_type (issue 11): what an untyped field's own use shows. */
import { describe, expect, it } from "vitest";
import { lintPolicy } from "../../src/index.js";
import type { PolicyDoc } from "../../src/types.js";

const policy = (standards: unknown[], events: Record<string, unknown> = { "x.said": {}, "x.paid": {} }) => ({ id: "p", title: "P", events, standards }) as unknown as PolicyDoc;
const found = (doc: PolicyDoc) => lintPolicy(doc).filter((d) => d.code === "lint_condition_type").map(({ code: _c, severity: _s, ...d }) => d);

describe("lint_condition_type", () => {
  it("notEqual null does not test presence: warns, and the fix is exists", () => {
    const doc = policy([{ id: "R1", kind: "rule", title: "R1 within 5 minutes", on: "x.said", require: { fact: "data", path: "$.idChecked", operator: "notEqual", value: null } }]);
    expect(found(doc)).toEqual([
      {
        message: 'data.idChecked notEqual null is true when the field is missing: use "exists" to test presence',
        path: "/standards/0/require/operator",
        fix: { title: 'Use "exists"', edits: [{ path: "/standards/0/require/operator", value: "exists" }, { path: "/standards/0/require/value", value: true }] },
      },
    ]);
  });

  it("a numeric operator with a numeric string: warns, and the fix is the number", () => {
    const doc = policy([{ id: "R1", kind: "rule", title: "R1", on: { event: "x.paid", when: { all: [{ fact: "data", path: "$.amount", operator: "greaterThan", value: "5" }] } }, require: { fact: "data", path: "$.ok", operator: "equal", value: true } }]);
    expect(found(doc).map((d) => [d.path, d.fix?.edits])).toEqual([["/standards/0/on/when/all/0/value", [{ path: "/standards/0/on/when/all/0/value", value: 5 }]]]);
  });

  it("one field read as text and as a list: warns at the later use", () => {
    const doc = policy([
      { id: "R1", kind: "rule", title: "R1", on: "x.said", forbid: { fact: "data", path: "$.text", operator: "containsAny", value: ["不知道"] } },
      { id: "R2", kind: "rule", title: "R2", on: "x.said", forbid: { not: { fact: "data", path: "$.text", operator: "contains", value: "好像" } } },
    ]);
    expect(found(doc)).toEqual([{ message: 'data.text of "x.said" is read as a list here but as text at /standards/0/forbid: one of the two is always false; declare the field\'s type in "events"', path: "/standards/1/forbid/not/operator" }]);
  });

  it("is silent on declared fields (the compiler checks them) and on consistent use", () => {
    const events = { "x.said": { data: { text: { type: "string" } } } };
    const doc = policy(
      [
        { id: "R1", kind: "rule", title: "R1", on: "x.said", forbid: { fact: "data", path: "$.text", operator: "containsAny", value: ["a"] } },
        { id: "R2", kind: "rule", title: "R2", on: "x.said", require: { fact: "data", path: "$.text", operator: "matches", value: "^b" } },
        { id: "R3", kind: "rule", title: "R3", on: "x.said", require: { fact: "data", path: "$.text", operator: "notEqual", value: null } },
      ],
      events,
    );
    expect(found(doc)).toEqual([]);
  });
});
