import { describe, expect, it } from "vitest";
import { addTimingStandard, applyEdits, declareEvent, declaredDataFields, setFormField, setMatcherCondition, setMatcherEvent, timingFields } from "./form-edits.js";

// Deliberately odd formatting: one-line objects, a comment, keys out of the usual order.
const TEXT = `{
  "id": "p",
  // the shop's standards
  "events": { "guest.seated": {}, "guest.greeted": {}, "order.taken": {} },
  "standards": [
    { "kind": "timing", "id": "R1", "title": { "en": "Greet", "zh-CN": "招呼" },
      "start": "guest.seated", "stop": { "event": "guest.greeted" }, "within": "PT2M" },
    { "id": "Q1", "kind": "queue" },
    { "id": "R2", "kind": "timing", "title": "Take the order", "start": [ "guest.seated" ], "stop": { "event": "order.taken", "when": { "all": [] } } }
  ]
}
`;

describe("timingFields", () => {
  it("reads the timing standards, plain events as pickable, the rest as JSON-only", () => {
    expect(timingFields(TEXT)).toEqual([
      { index: 0, id: "R1", title: { en: "Greet", "zh-CN": "招呼", plain: false }, start: "guest.seated", stop: "guest.greeted", within: "PT2M" },
      {
        index: 2,
        id: "R2",
        title: { en: "Take the order", "zh-CN": "Take the order", plain: true },
        start: null,
        stop: "order.taken",
        stopWhen: { all: [] },
      },
    ]);
  });
});

describe("setFormField", () => {
  it("changes only the property it sets, comments and formatting kept", () => {
    const out = applyEdits(TEXT, setFormField(TEXT, 0, "within", "PT3M"));
    expect(out).toBe(TEXT.replace('"within": "PT2M"', '"within": "PT3M"'));
    const zh = applyEdits(TEXT, setFormField(TEXT, 0, { title: "zh-CN" }, "2 分钟内招呼"));
    expect(zh).toBe(TEXT.replace('"zh-CN": "招呼"', '"zh-CN": "2 分钟内招呼"'));
  });
  it("replaces a conditional-free matcher by the picked event", () => {
    const out = applyEdits(TEXT, setFormField(TEXT, 0, "stop", "order.taken"));
    expect(out).toBe(TEXT.replace('"stop": { "event": "guest.greeted" }', '"stop": "order.taken"'));
  });
  it("drops a language left blank (the schema wants no empty text)", () => {
    const out = applyEdits(TEXT, setFormField(TEXT, 0, { title: "zh-CN" }, ""));
    expect(timingFields(out)[0].title).toEqual({ en: "Greet", "zh-CN": "", plain: false });
    expect((JSON.parse(out.replace("// the shop's standards", "")) as { standards: Array<{ title: unknown }> }).standards[0].title).toEqual({ en: "Greet" });
    // Removing a key lays out that standard anew; the rest stays byte for byte.
    const rest = (t: string) => t.slice(t.indexOf('    { "id": "Q1"'));
    expect(rest(out)).toBe(rest(TEXT));
  });
  it("turns a plain title into one per language", () => {
    const out = applyEdits(TEXT, setFormField(TEXT, 2, { title: "zh-CN" }, "点单"));
    expect(timingFields(out)[1].title).toEqual({ en: "Take the order", "zh-CN": "点单", plain: false });
    expect(out).toContain("// the shop's standards");
  });
  it("adds and removes an optional field; only that standard is laid out anew", () => {
    const added = applyEdits(TEXT, setFormField(TEXT, 0, "warnBefore", "PT30S"));
    expect(timingFields(added)[0].warnBefore).toBe("PT30S");
    // jsonc-parser formats the object it inserts into; the rest stays byte for byte.
    const rest = (t: string) => t.slice(t.indexOf('    { "id": "Q1"'));
    expect(rest(added)).toBe(rest(TEXT));
    expect(added).toContain("// the shop's standards");
    const removed = applyEdits(added, setFormField(added, 0, "warnBefore", undefined));
    expect(timingFields(removed)).toEqual(timingFields(TEXT));
    expect(rest(removed)).toBe(rest(TEXT));
  });
});

describe("addTimingStandard", () => {
  it("appends a standard with the next free id and the first declared events", () => {
    const out = applyEdits(TEXT, addTimingStandard(TEXT, ["guest.seated", "guest.greeted"]));
    // Three standards before it: S4.
    expect(timingFields(out).at(-1)).toEqual({ index: 3, id: "S4", title: { en: "New standard S4", "zh-CN": "新标准 S4", plain: false }, start: "guest.seated", stop: "guest.greeted", within: "PT2M" });
    expect(out.startsWith(TEXT.slice(0, TEXT.indexOf('    { "id": "R2"')))).toBe(true);
  });
  it("creates the list when there is none", () => {
    const out = applyEdits('{ "id": "p" }', addTimingStandard('{ "id": "p" }', []));
    expect(timingFields(out)).toEqual([{ index: 0, id: "S1", title: { en: "New standard S1", "zh-CN": "新标准 S1", plain: false }, start: "", stop: "", within: "PT2M" }]);
  });
});

describe("declareEvent", () => {
  it("adds an event type to the vocabulary once, and refuses names that are not event types", () => {
    const out = applyEdits(TEXT, declareEvent(TEXT, "bill.paid"));
    expect(out).toContain('"bill.paid": {}');
    expect(out).toContain("// the shop's standards");
    expect(declareEvent(out, "bill.paid")).toEqual([]);
    expect(declareEvent(TEXT, "guest.seated")).toEqual([]);
    expect(declareEvent(TEXT, "")).toEqual([]);
    expect(declareEvent(TEXT, "two words")).toEqual([]);
    expect(declareEvent(TEXT, "__proto__")).toEqual([]);
    // The schema's event type: lower case, at least two words joined by a dot.
    expect(declareEvent(TEXT, "Bill.Paid")).toEqual([]);
    expect(declareEvent(TEXT, "bill")).toEqual([]);
  });
  it("creates the vocabulary when there is none", () => {
    const out = applyEdits('{ "id": "p" }', declareEvent('{ "id": "p" }', "a.b"));
    expect(JSON.parse(out)).toEqual({ id: "p", events: { "a.b": {} } });
  });
});

describe("conditions of start and stop", () => {
  const vip = { fact: "data", path: "$.vip", operator: "equal", value: true };
  it("adds a condition to a plain event, changes it, and takes it away again", () => {
    const withWhen = applyEdits(TEXT, setMatcherCondition(TEXT, 0, "stop", vip));
    expect(timingFields(withWhen)[0]).toMatchObject({ stop: "guest.greeted", stopWhen: vip });
    const changed = applyEdits(withWhen, setMatcherCondition(withWhen, 0, "stop", { ...vip, value: false }));
    expect(timingFields(changed)[0].stopWhen).toEqual({ ...vip, value: false });
    // The event can change under its condition.
    const moved = applyEdits(changed, setMatcherEvent(changed, 0, "stop", "order.taken"));
    expect(timingFields(moved)[0]).toMatchObject({ stop: "order.taken", stopWhen: { ...vip, value: false } });
    const plain = applyEdits(moved, setMatcherCondition(moved, 0, "stop", undefined));
    expect(timingFields(plain)[0].stop).toBe("order.taken");
    expect(timingFields(plain)[0].stopWhen).toBeUndefined();
    expect(plain).toContain("// the shop's standards");
  });
  it("lists the declared data fields", () => {
    const text = '{ "events": { "a.b": { "data": { "partySize": "n", "vip": "v" } }, "c.d": { "data": { "vip": "v", "table": "t" } }, "e.f": {} } }';
    expect(declaredDataFields(text)).toEqual(["partySize", "vip", "table"]);
  });
});
