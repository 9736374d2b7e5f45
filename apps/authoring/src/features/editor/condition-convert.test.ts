import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { readValue, toCondition, toQuery } from "./condition-convert.js";

const vip = { fact: "data", path: "$.vip", operator: "equal", value: true };
const big = { fact: "data", path: "$.partySize", operator: "greaterThanInclusive", value: 6 };

describe("toQuery / toCondition", () => {
  it("shows a single condition as a group of one and gives it back as it was", () => {
    const q = toQuery(vip)!;
    expect(q).toEqual({ id: "q", combinator: "and", not: false, rules: [{ id: "q-0", field: "data:$.vip", operator: "equal", value: "true" }] });
    expect(toCondition(q)).toEqual(vip);
  });

  it("keeps all/any/not nesting", () => {
    const c = { any: [vip, { not: big }, { all: [big, { fact: "event", operator: "in", value: ["a", "b"] }] }] };
    const q = toQuery(c)!;
    expect(q.combinator).toBe("or");
    expect(q.rules[1]).toEqual({ id: "q-1", combinator: "and", not: true, rules: [{ id: "q-1-0", field: "data:$.partySize", operator: "greaterThanInclusive", value: "6" }] });
    expect(toCondition(q)).toEqual(c);
    expect(toCondition(toQuery({ not: { all: [vip, big] } })!)).toEqual({ not: { all: [vip, big] } });
  });

  it("round-trips every condition of the shipped policies it accepts, and accepts the plain ones", () => {
    const dir = fileURLToPath(new URL("../../../../../policies/", import.meta.url));
    const found: unknown[] = [];
    const walk = (x: unknown) => {
      if (Array.isArray(x)) return x.forEach(walk);
      if (!x || typeof x !== "object") return;
      for (const [k, v] of Object.entries(x)) {
        if (k === "when") found.push(v);
        else walk(v);
      }
    };
    for (const name of ["restaurant-dining", "complaint-handling", "bank-branch", "promises"]) walk(JSON.parse(readFileSync(`${dir}${name}.policy.json`, "utf8")));
    expect(found.length).toBeGreaterThan(3);
    for (const c of found) {
      const q = toQuery(c);
      if (q === null) continue;
      // {all: [x]} comes back as x: the same condition, written plainly.
      const plain = (v: unknown): unknown => {
        const o = v as Record<string, unknown[]>;
        return o && typeof o === "object" && Array.isArray(o.all) && o.all.length === 1 && "fact" in (o.all[0] as object) ? o.all[0] : v;
      };
      expect(toCondition(q)).toEqual(plain(c));
    }
    expect(found.filter((c) => toQuery(c) !== null).length).toBeGreaterThan(3);
  });

  it("refuses what it cannot show exactly", () => {
    expect(toQuery({ ...vip, name: "VIP table" })).toBeNull();
    expect(toQuery({ fact: "data", path: "$.a", operator: "equal", value: { fact: "data", path: "$.b" } })).toBeNull();
    expect(toQuery({ fact: "data", operator: "regex", value: "x" })).toBeNull();
    expect(toQuery({ all: [vip, "nope"] })).toBeNull();
    expect(toQuery(null)).toBeNull();
  });
});

describe("readValue", () => {
  it("reads JSON when it parses, else keeps the text", () => {
    expect([readValue("4"), readValue("true"), readValue('"4"'), readValue("[1,2]"), readValue("VIP"), readValue("")]).toEqual([4, true, "4", [1, 2], "VIP", ""]);
  });
});
