import { describe, expect, it } from "vitest";
import { checkPolicyText, CHECK_STAGES, type LocatedDiagnostic } from "../../src/index.js";

const doc = (standard: Record<string, unknown>) =>
  JSON.stringify(
    {
      id: "demo",
      title: "Demo",
      events: { "guest.seated": {}, "guest.greeted": {} },
      standards: [{ id: "R1", kind: "timing", title: "Greet within 2 minutes", start: "guest.seated", stop: "guest.greeted", within: "PT2M", ...standard }],
    },
    null,
    2,
  );

const brief = (ds: LocatedDiagnostic[]) => ds.map((d) => ({ stage: d.stage, code: d.code, path: d.path, message: d.message, fix: d.fix }));

describe("checkPolicyText: named stages (issue 9)", () => {
  it("runs parse → shape → schema → compile → lint", () => {
    expect(CHECK_STAGES).toEqual(["parse", "shape", "schema", "compile", "lint"]);
  });

  it("says the stage of each diagnostic, and a compile error does not hide the lint hints", () => {
    const r = checkPolicyText(doc({ title: "Greet guests promptly", start: "guest.seeted" }));
    expect(r.ok).toBe(false);
    expect(brief(r.diagnostics)).toEqual([
      {
        stage: "compile", code: "compile_unknown_event", path: "/standards/0/start",
        message: 'event type "guest.seeted" is not declared in "events" (did you mean "guest.seated"?)',
        fix: { title: 'Change to "guest.seated"', edits: [{ path: "/standards/0/start", value: "guest.seated" }] },
      },
      {
        stage: "lint", code: "lint_vague_wording", path: "/standards/0/title",
        message: 'R1: vague wording "promptly" without a number; say how long, e.g. "within 2 minutes"',
        fix: { title: "State the limit (2 min) instead of a vague word", edits: [{ path: "/standards/0/title", value: "Greet guests within 2 min" }] },
      },
    ]);
  });

  it("reports an undeclared stop event once, as the compile error", () => {
    const r = checkPolicyText(doc({ stop: "guest.greted" }));
    expect(brief(r.diagnostics)).toEqual([
      {
        stage: "compile", code: "compile_unknown_event", path: "/standards/0/stop",
        message: 'event type "guest.greted" is not declared in "events" (did you mean "guest.greeted"?)',
        fix: { title: 'Change to "guest.greeted"', edits: [{ path: "/standards/0/stop", value: "guest.greeted" }] },
      },
    ]);
  });

  it("stops at the schema (lint needs a schema-valid document); a duration in words gets its ISO 8601 fix", () => {
    const r = checkPolicyText(doc({ within: "2 分钟", title: "Greet guests promptly" }));
    expect(r.ok).toBe(false);
    expect(new Set(r.diagnostics.map((d) => d.stage))).toEqual(new Set(["schema"]));
    expect(r.diagnostics.filter((d) => d.fix).map((d) => [d.path, d.fix])).toEqual([
      ["/standards/0/within", { title: 'Write it as ISO 8601: "PT2M"', edits: [{ path: "/standards/0/within", value: "PT2M" }] }],
    ]);
  });

  it("says parse and shape stages too", () => {
    expect(checkPolicyText("{").diagnostics.map((d) => [d.stage, d.code])).toEqual([["parse", "parse_invalid_json"]]);
    let deep: unknown = 1;
    for (let i = 0; i < 50; i++) deep = [deep];
    expect(checkPolicyText(JSON.stringify({ deep })).diagnostics.map((d) => [d.stage, d.code])).toEqual([["shape", "compile_document_too_deep"]]);
  });

  it("is ok with warnings only", () => {
    const r = checkPolicyText(doc({ title: "Greet guests promptly" }));
    expect(r.ok).toBe(true);
    expect(r.diagnostics.map((d) => [d.stage, d.code])).toEqual([["lint", "lint_vague_wording"]]);
  });
});
