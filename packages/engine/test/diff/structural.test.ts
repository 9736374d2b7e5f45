import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { diffPolicies } from "../../src/index.js";
import type { PolicyDoc } from "../../src/index.js";
import { humanDuration, renderCondition } from "../../src/diff/render.js";

const dining = JSON.parse(readFileSync(new URL("../../../../policies/restaurant-dining.policy.json", import.meta.url), "utf8")) as PolicyDoc;

function revise(patch: (d: any) => void): PolicyDoc {
  const d = structuredClone(dining) as any;
  patch(d);
  return d;
}
const index = (d: any, id: string) => d.standards.findIndex((s: any) => s.id === id);

describe("diffPolicies", () => {
  it("finds nothing between a policy and itself", () => {
    expect(diffPolicies(dining, structuredClone(dining))).toEqual([]);
  });

  it("says in plain words that R6 got longer, R3 went and R10 came, in document order", () => {
    const r10 = { id: "R10", kind: "timing", title: "Say goodbye within 1 minute of payment", start: "payment.collected", stop: "bill.presented", within: "PT1M" };
    const after = revise((d) => {
      d.standards[index(d, "R6")].within = "PT12M";
      d.standards.splice(index(d, "R3"), 1);
      d.standards.push(r10);
    });
    const r3 = dining.standards[index(dining, "R3")];
    expect(diffPolicies(dining, after)).toEqual([
      { kind: "removed", standard: "R3", path: `/standards/${index(dining, "R3")}`, message: "R3 removed", before: r3 },
      {
        kind: "changed",
        standard: "R6",
        path: `/standards/${index(after, "R6")}/within`,
        message: "R6 Serve the main course within 10 minutes of the order: within 10 min → 12 min",
        before: "PT10M",
        after: "PT12M",
      },
      { kind: "added", standard: "R10", path: `/standards/${after.standards.length - 1}`, message: "R10 added", after: r10 },
    ]);
  });

  it("describes severity, title, start, stop, key, condition and anchor changes", () => {
    const after = revise((d) => {
      const r1 = d.standards[index(d, "R1")];
      r1.severity = "major";
      r1.title = { en: "Greet a seated guest within 90 seconds", "zh-CN": r1.title["zh-CN"] };
      r1.stop = ["guest.greeted", "food.order-asked"];
      r1.warnBefore = undefined;
      const vip = d.standards[index(d, "R1-VIP")];
      vip.start.when = { any: [{ fact: "data", path: "$.vip", operator: "equal", value: true }, { fact: "data", path: "$.partySize", operator: "greaterThanInclusive", value: 8 }] };
      const r2 = d.standards[index(d, "R2")];
      delete r2.key;
      const r4 = d.standards[index(d, "R4")];
      r4.suspend.resume = "continue";
    });
    const messages = diffPolicies(dining, JSON.parse(JSON.stringify(after))).map((c) => [c.kind, c.path, c.message]);
    expect(messages).toEqual([
      ["changed", "/standards/0/title/en", 'R1: title [en] "Greet a seated guest within 2 minutes" → "Greet a seated guest within 90 seconds"'],
      ["changed", "/standards/0/severity", "R1 Greet a seated guest within 90 seconds: severity minor → major"],
      ["changed", "/standards/0/stop", "R1 Greet a seated guest within 90 seconds: stop guest.greeted → guest.greeted or food.order-asked"],
      ["removed", "/standards/0/warnBefore", "R1 Greet a seated guest within 90 seconds: warn before 30 s removed"],
      [
        "changed",
        "/standards/1/start",
        "R1-VIP Greet a seated VIP guest within 1 minute: start guest.seated when data.vip = true → guest.seated when data.vip = true or data.partySize ≥ 8",
      ],
      ["removed", "/standards/2/key", "R2 Serve an ordered drink within 4 minutes: key item removed"],
      [
        "changed",
        "/standards/4/suspend",
        "R4 Ask to order food within 4 minutes of the drinks (or of seating, without drinks): suspend while drink.ordered waits for drink.served per item, at most PT4M, then restart → while drink.ordered waits for drink.served per item, at most PT4M, then continue",
      ],
    ]);
  });

  it("reports policy fields, the event vocabulary and calendars", () => {
    const after = revise((d) => {
      d.title = "Dining";
      d.timezone = "Europe/Paris";
      delete d.events["dessert.declined"];
      d.events["guest.left"] = { description: "Guests leave" };
      d.events["drink.served"].data = { item: "the drink", temperature: "°C" };
      d.calendars = { business: { hours: { mon: [["09:00", "17:30"]] } } };
    });
    const before = revise((d) => (d.calendars = { business: { hours: { mon: [["09:00", "18:00"]] } }, old: { hours: {} } }));
    expect(diffPolicies(before, after).map((c) => [c.kind, c.path, c.message])).toEqual([
      ["changed", "/title", 'policy title "Restaurant dining service timing" → "Dining"'],
      ["changed", "/timezone", "policy time zone Asia/Shanghai → Europe/Paris"],
      ["changed", "/events/drink.served/data", 'event type "drink.served": data item → item, temperature'],
      ["added", "/events/guest.left", 'event type "guest.left" added to the vocabulary'],
      ["removed", "/events/dessert.declined", 'event type "dessert.declined" removed from the vocabulary'],
      ["changed", "/calendars/business/hours/mon/0/1", 'calendar "business": hours.mon[0][1] 18:00 → 17:30'],
      ["removed", "/calendars/old", 'calendar "old" removed'],
    ]);
  });

  it("reports an event type's audience turning internal (customer when undeclared)", () => {
    const after = revise((d) => (d.events["plates.cleared"].audience = "internal"));
    expect(diffPolicies(dining, after)).toEqual([
      { kind: "changed", path: "/events/plates.cleared/audience", message: 'event type "plates.cleared": audience customer → internal', before: undefined, after: "internal" },
    ]);
  });

  it("compares other kinds value by value, durations humanly", () => {
    const queue = (maxWait: object, closing?: string) =>
      ({
        id: "bank-branch",
        title: "Bank branch queue",
        standards: [{ id: "Q2", kind: "queue", title: "Maximum wait", issue: "ticket.issued", maxWait, ...(closing ? { closing } : {}) }],
      }) as unknown as PolicyDoc;
    expect(diffPolicies(queue({ normal: "PT20M", vip: "PT10M" }), queue({ normal: "PT1H30M", vip: "PT10M", vvip: "P1D" }, "17:30"))).toEqual([
      { kind: "changed", standard: "Q2", path: "/standards/0/maxWait/normal", message: "Q2 Maximum wait: maxWait.normal 20 min → 1 h 30 min", before: "PT20M", after: "PT1H30M" },
      { kind: "added", standard: "Q2", path: "/standards/0/maxWait/vvip", message: "Q2 Maximum wait: maxWait.vvip 1 day added", after: "P1D" },
      { kind: "added", standard: "Q2", path: "/standards/0/closing", message: "Q2 Maximum wait: closing 17:30 added", after: "17:30" },
    ]);
  });

  it("reports a kind change and a moved standard's changes at its new place", () => {
    const before = { id: "p", title: "P", standards: [{ id: "A", kind: "timing", title: "A", start: "a.b", stop: "a.c", within: "PT1M" }, { id: "B", kind: "timing", title: "B", start: "a.b", stop: "a.c", within: "PT1M" }] } as unknown as PolicyDoc;
    const after = { id: "p", title: "P", standards: [{ id: "B", kind: "timing", title: "B", start: "a.b", stop: "a.c", within: "PT2M" }, { id: "A", kind: "queue", title: "A", issue: "a.b" }] } as unknown as PolicyDoc;
    expect(diffPolicies(before, after).map((c) => [c.kind, c.path, c.message])).toEqual([
      ["changed", "/standards/0/within", "B B: within 1 min → 2 min"],
      ["changed", "/standards/1/kind", "A A: kind timing → queue"],
      ["added", "/standards/1/issue", "A A: issue a.b added"],
      ["removed", "/standards/0/start", "A A: start a.b removed"],
      ["removed", "/standards/0/stop", "A A: stop a.c removed"],
      ["removed", "/standards/0/within", "A A: within 1 min removed"],
    ]);
  });
});

describe("render", () => {
  it("shows durations humanly", () => {
    expect(["PT10M", "PT1H30M", "P1D", "PT30S", "P2DT3H", "P1W", "P1M"].map(humanDuration)).toEqual(["10 min", "1 h 30 min", "1 day", "30 s", "2 days 3 h", "7 days", "P1M"]);
  });

  it("shows conditions in one line", () => {
    expect(
      renderCondition({ all: [{ fact: "data", path: "$.size", operator: "lessThan", value: 3 }, { not: { any: [{ fact: "subject", path: '$["zh name"]', operator: "in", value: ["a", "b"] }, { fact: "event", path: "$.type", operator: "notEqual", value: "x.y" }] } }] }),
    ).toEqual('data.size < 3 and not (subject["zh name"] in ["a","b"] or event.type ≠ "x.y")');
  });
});
