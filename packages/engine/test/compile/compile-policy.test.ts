import { describe, expect, it } from "vitest";
import { checkPolicyText, compilePolicy, MAX_DEPTH, MAX_DOCUMENT_BYTES, type Diagnostic } from "../../src/index.js";

const base = () => ({
  id: "demo",
  title: "Demo",
  events: { "guest.seated": {}, "guest.greeted": {} },
  standards: [{ id: "R1", kind: "timing", title: "Greet within 2 minutes", start: "guest.seated", stop: "guest.greeted", within: "PT2M" }],
});

function diagnosticsOf(doc: unknown): Diagnostic[] {
  const r = compilePolicy(doc);
  return r.diagnostics;
}

describe("compilePolicy", () => {
  it("compiles a valid document into a frozen policy", () => {
    const r = compilePolicy(base());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.standards.map((s) => s.id)).toEqual(["R1"]);
    expect(Object.isFrozen(r.value)).toBe(true);
    expect(Object.isFrozen(r.value.standards[0])).toBe(true);
  });

  it("reports every problem at once, in pointer order", () => {
    const doc = base() as any;
    doc.standards.push({ id: "R1", kind: "timing", title: "Again", start: "guest.left", stop: "guest.greeted", within: "P1M" });
    doc.standards.push({ id: "R3", kind: "timing", title: "Third", start: "guest.seated", stop: "guest.greeted", within: "PT1M", calendar: "nope" });
    expect(diagnosticsOf(doc)).toEqual([
      // The next free id: "R1-2" (no standard has it).
      { code: "compile_duplicate_id", severity: "error", message: 'standard id "R1" is already used by /standards/0', path: "/standards/1/id", fix: { title: 'Rename to "R1-2"', edits: [{ path: "/standards/1/id", value: "R1-2" }] } },
      { code: "compile_unknown_calendar", severity: "error", message: 'calendar "nope" is not declared in "calendars"', path: "/standards/2/calendar" },
    ]);
    const dup = base() as any;
    dup.standards[0].start = "guest.left";
    // Issue 11: calendar months are a timing standard's limit ("within": "P1M"), nowhere else.
    dup.standards[0].warnBefore = "P1M";
    expect(diagnosticsOf(dup)).toEqual([
      { code: "compile_unknown_event", severity: "error", message: 'event type "guest.left" is not declared in "events"', path: "/standards/0/start" },
      { code: "compile_duration_invalid", severity: "error", message: '"P1M" is not a duration in days, hours, minutes or seconds (e.g. "PT2M")', path: "/standards/0/warnBefore" },
    ]);
  });

  it("says which declared event type an unknown one most likely meant, with a fix (issue 9)", () => {
    const doc = base() as any;
    doc.events["drink.ordered"] = {};
    doc.standards[0].start = ["guest.seated", { event: "guest.sated", when: { fact: "data", path: "$.vip", operator: "equal", value: true } }];
    doc.standards[0].cancel = "visit.ended";
    doc.standards[0].suspend = { from: "drink.ordered", until: "drink.delivered" };
    // "guest.sated" is one insertion from "guest.seated"; "visit.ended" and "drink.delivered" are 3+ edits from every declared type.
    expect(diagnosticsOf(doc)).toEqual([
      { code: "compile_unknown_event", severity: "error", message: 'event type "visit.ended" is not declared in "events"', path: "/standards/0/cancel" },
      {
        code: "compile_unknown_event", severity: "error", message: 'event type "guest.sated" is not declared in "events" (did you mean "guest.seated"?)', path: "/standards/0/start/1/event",
        fix: { title: 'Change to "guest.seated"', edits: [{ path: "/standards/0/start/1/event", value: "guest.seated" }] },
      },
      { code: "compile_unknown_event", severity: "error", message: 'event type "drink.delivered" is not declared in "events"', path: "/standards/0/suspend/until" },
    ]);
  });

  it("finds undeclared event types in every kind's matchers", () => {
    const doc = {
      id: "q", title: "Q", events: { "ticket.issued": {}, "ticket.called": {} },
      standards: [{ id: "Q2", kind: "queue", title: "Wait at most 20 minutes", issue: "ticket.issued", call: ["ticket.caled"], maxWait: "PT20M" }],
    };
    expect(diagnosticsOf(doc)).toEqual([
      {
        code: "compile_unknown_event", severity: "error", message: 'event type "ticket.caled" is not declared in "events" (did you mean "ticket.called"?)', path: "/standards/0/call/0",
        fix: { title: 'Change to "ticket.called"', edits: [{ path: "/standards/0/call/0", value: "ticket.called" }] },
      },
    ]);
  });

  it("refuses schema violations with the field's pointer", () => {
    const doc = base() as any;
    doc.standards[0].witin = "PT2M";
    delete doc.standards[0].within;
    const d = diagnosticsOf(doc);
    expect(d.every((x) => x.code === "schema_invalid")).toBe(true);
    expect(d.map((x) => x.path)).toContain("/standards/0");
    expect(d.map((x) => x.message)).toContain('/standards/0: unknown property "witin"');
  });

  it("refuses unknown time zones", () => {
    expect(diagnosticsOf({ ...base(), timezone: "Mars/Olympus" })).toEqual([
      { code: "compile_unknown_timezone", severity: "error", message: 'unknown time zone "Mars/Olympus"', path: "/timezone" },
    ]);
  });

  it("caps nesting depth and document size with a clear diagnostic", () => {
    let deep: any = { fact: "data", path: "$.a", operator: "equal", value: 1 };
    for (let i = 0; i < MAX_DEPTH + 5; i++) deep = { not: deep };
    const doc = base() as any;
    doc.standards[0].start = { event: "guest.seated", when: deep };
    const d = diagnosticsOf(doc);
    expect(d.map((x) => x.code)).toEqual(["compile_document_too_deep"]);
    const big = { ...base(), description: "x".repeat(MAX_DOCUMENT_BYTES) };
    expect(diagnosticsOf(big).map((x) => x.code)).toEqual(["compile_document_too_large"]);
  });

  it("rejects prototype keys in data paths", () => {
    const doc = base() as any;
    doc.standards[0].key = "__proto__";
    expect(diagnosticsOf(doc)).toEqual([
      { code: "compile_path_invalid", severity: "error", message: '"__proto__" is not a plain data path (e.g. "item")', path: "/standards/0/key" },
    ]);
  });
});

describe("checkPolicyText", () => {
  it("locates diagnostics at line and column", () => {
    const text = JSON.stringify({ ...base(), standards: [{ ...base().standards[0], within: "soon" }] }, null, 2);
    const r = checkPolicyText(text);
    expect(r.ok).toBe(false);
    const line = text.split("\n").findIndex((l) => l.includes('"within"')) + 1;
    expect(r.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([["schema_invalid", line, 7]]);
  });

  it("reports invalid JSON with the position of the error", () => {
    const r = checkPolicyText('{\n  "id": "x",\n  "title": oops\n}');
    expect(r.ok).toBe(false);
    expect(r.diagnostics[0]).toMatchObject({ code: "parse_invalid_json", line: 3, column: 12 });
  });
});
