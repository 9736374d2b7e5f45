import { describe, expect, it } from "vitest";
import { applyEdits } from "jsonc-parser";
import { extractOutline, setStandardField } from "./outline.js";
import { formatDuration, parseDuration, toIsoDuration } from "@yardstick/engine";
import { splitDuration } from "./duration.js";

const POLICY = `{
  "id": "restaurant-dining",
  "title": { "en": "Dining", "zh-CN": "用餐" },
  "events": { "guest.seated": {}, "guest.greeted": { "description": "spoken to" } },
  "standards": [
    { "id": "R1", "kind": "timing", "title": "Greet within 2 minutes", "severity": "minor",
      "start": "guest.seated", "stop": "guest.greeted", "within": "PT2M" },
    { "id": "R4", "kind": "timing", "title": "Ask to order",
      "start": ["drink.served", { "event": "guest.seated", "when": { "fact": "data", "path": "$.x", "operator": "equal", "value": 1 } }],
      "stop": "food.order-asked", "within": "PT4M" },
    { "id": "P1", "kind": "timing", "title": "Keep promises", "start": "promise.made", "stop": "promise.kept", "deadlineFrom": { "due": "due" } },
    { "id": "C1", "kind": "escalation", "title": "Classify", "levels": [{ "level": "general" }, { "level": "hot" }] },
    { "id": "Q2", "kind": "queue", "title": "Wait", "issue": "ticket.issued", "call": "ticket.called", "maxWait": { "normal": "PT20M", "vip": "PT10M" } },
    { "id": "Q3", "kind": "queue", "title": "Close", "issue": "ticket.issued", "call": "ticket.called", "closing": "17:30" }
  ]
}`;

describe("extractOutline", () => {
  it("lists every standard with its start, stop, limit and severity", () => {
    const o = extractOutline(POLICY);
    expect(o.id).toBe("restaurant-dining");
    expect(o.title).toEqual({ en: "Dining", "zh-CN": "用餐" });
    expect(o.events).toEqual(["guest.seated", "guest.greeted"]);
    expect(o.items.map(({ offset: _o, length: _l, ...rest }) => rest)).toEqual([
      { index: 0, id: "R1", kind: "timing", title: "Greet within 2 minutes", severity: "minor", start: ["guest.seated"], stop: ["guest.greeted"], within: "PT2M", deadlineFrom: undefined, levels: [] },
      { index: 1, id: "R4", kind: "timing", title: "Ask to order", severity: undefined, start: ["drink.served", "guest.seated?"], stop: ["food.order-asked"], within: "PT4M", deadlineFrom: undefined, levels: [] },
      { index: 2, id: "P1", kind: "timing", title: "Keep promises", severity: undefined, start: ["promise.made"], stop: ["promise.kept"], within: undefined, deadlineFrom: "due", levels: [] },
      { index: 3, id: "C1", kind: "escalation", title: "Classify", severity: undefined, start: [], stop: [], within: undefined, deadlineFrom: undefined, levels: ["general", "hot"] },
      { index: 4, id: "Q2", kind: "queue", title: "Wait", severity: undefined, start: ["ticket.issued"], stop: ["ticket.called"], within: undefined, deadlineFrom: undefined, levels: [], maxWait: { normal: "PT20M", vip: "PT10M" } },
      { index: 5, id: "Q3", kind: "queue", title: "Close", severity: undefined, start: ["ticket.issued"], stop: ["ticket.called"], within: undefined, deadlineFrom: undefined, levels: [], closing: "17:30" },
    ]);
  });

  it("points each item at its standard in the text", () => {
    const item = extractOutline(POLICY).items[1];
    expect(POLICY.slice(item.offset, item.offset + 12)).toBe('{ "id": "R4"');
  });

  it("still shows what parses while the JSON is broken", () => {
    const broken = POLICY.replace('"within": "PT4M" },', '"within": "PT4M" ');
    const o = extractOutline(broken);
    expect(o.items[0].id).toBe("R1");
    expect(extractOutline("")).toEqual({ events: [], items: [] });
    expect(extractOutline("[1,2]").items).toEqual([]);
  });
});

describe("setStandardField", () => {
  it("changes a target without touching the rest of the text", () => {
    const out = applyEdits(POLICY, setStandardField(POLICY, 1, "within", "PT3M"));
    expect(out).toBe(POLICY.replace('"within": "PT4M"', '"within": "PT3M"'));
  });

  it("changes one class's maximum wait of a queue standard", () => {
    const out = applyEdits(POLICY, setStandardField(POLICY, 4, ["maxWait", "vip"], "PT8M"));
    expect(extractOutline(out).items[4].maxWait).toEqual({ normal: "PT20M", vip: "PT8M" });
    expect(out).toBe(POLICY.replace('"vip": "PT10M"', '"vip": "PT8M"'));
  });

  it("adds and removes a severity", () => {
    const added = applyEdits(POLICY, setStandardField(POLICY, 1, "severity", "major"));
    expect(extractOutline(added).items[1].severity).toBe("major");
    const removed = applyEdits(POLICY, setStandardField(POLICY, 0, "severity", undefined));
    expect(extractOutline(removed).items[0].severity).toBeUndefined();
    expect(JSON.parse(removed).standards[0]).toEqual({ id: "R1", kind: "timing", title: "Greet within 2 minutes", start: "guest.seated", stop: "guest.greeted", within: "PT2M" });
  });
});

describe("durations", () => {
  it("reads and writes ISO 8601 durations", () => {
    expect(parseDuration("PT2M")).toBe(120_000);
    expect(parseDuration("P1DT1H30M")).toBe(91_800_000);
    expect(parseDuration("P1M")).toBeNull();
    expect(parseDuration("2 min")).toBeNull();
    expect(splitDuration("PT90S")).toEqual({ value: 90, unit: "s" });
    expect(splitDuration("PT120M")).toEqual({ value: 2, unit: "h" });
    expect(splitDuration("P1D")).toEqual({ value: 1, unit: "d" });
    expect(toIsoDuration(2, "min")).toBe("PT2M");
    expect(toIsoDuration(1.5, "h")).toBe("PT90M");
    expect(toIsoDuration(24, "h")).toBe("PT24H");
  });

  it("says durations in plain words in both languages", () => {
    // The engine's one formatter (issue 9): English by default, Chinese for zh-CN.
    expect(formatDuration(150_000, "en")).toBe("2 min 30 s");
    expect(formatDuration(120_000, "zh-CN")).toBe("2 分钟");
    expect(formatDuration(86_400_000, "en")).toBe("1 day");
  });
});
