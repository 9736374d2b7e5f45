import { describe, expect, it } from "vitest";
import { applyEdits } from "jsonc-parser";
import { checkPolicyText, type LocatedDiagnostic } from "@yardstick/engine";
import { quickFixes, type QuickFix } from "./fixes.js";

const apply = (text: string, fix: QuickFix) => applyEdits(text, fix.edits.map((e) => ({ offset: e.offset, length: e.length, content: e.text })));

const timing = (s: Record<string, unknown>) => ({ id: "R1", kind: "timing", title: "Greet within 2 minutes", start: "guest.seated", stop: "guest.greeted", within: "PT2M", ...s });
const policy = (...standards: Array<Record<string, unknown>>) =>
  JSON.stringify({ id: "p", title: "P", events: { "guest.seated": {}, "guest.greeted": {} }, standards }, null, 2);

/** The diagnostics the editor shows for `text` (the engine's check pipeline), by code. */
const diagnostics = (text: string, code: string): LocatedDiagnostic[] => checkPolicyText(text).diagnostics.filter((d) => d.code === code);

/** Applies the (only) fix of each diagnostic in turn, re-checking in between as the editor does. */
function applyAll(text: string, code: string): string {
  let out = text;
  for (let d = diagnostics(out, code)[0]; d !== undefined; d = diagnostics(out, code)[0]) {
    const [fix] = quickFixes(out, d);
    if (!fix) break;
    out = apply(out, fix);
  }
  return out;
}

describe("quickFixes: the engine's Diagnostic.fix as text edits", () => {
  it("renames a duplicate id to the next free one", () => {
    const doc = policy(timing({}), timing({ title: "Again within 2 minutes" }));
    const [d] = diagnostics(doc, "compile_duplicate_id");
    const [fix] = quickFixes(doc, d!);
    expect(fix!.title).toBe('Rename to "R1-2"');
    expect(JSON.parse(apply(doc, fix!)).standards.map((s: { id: string }) => s.id)).toEqual(["R1", "R1-2"]);
  });

  it("offers the declared event type that was meant, and keeps the rest of the text as it was", () => {
    const doc = policy(timing({ start: "guest.seeted" }));
    const [d] = diagnostics(doc, "compile_unknown_event");
    const fixes = quickFixes(doc, d!);
    expect(fixes.map((f) => f.title)).toEqual(['Change to "guest.seated"']);
    expect(apply(doc, fixes[0]!)).toBe(policy(timing({})));
  });

  it("replaces vague wording with the standard's limit, in each language", () => {
    const doc = policy(timing({ title: { en: "Greet as soon as possible", "zh-CN": "尽快问候" }, description: "Greet guests promptly" }));
    expect(diagnostics(doc, "lint_vague_wording").map((d) => quickFixes(doc, d)[0]?.title)).toEqual([
      "State the limit (2 min) instead of a vague word",
      "State the limit (2 min) instead of a vague word",
      "State the limit (2 min) instead of a vague word",
    ]);
    const fixed = JSON.parse(applyAll(doc, "lint_vague_wording")).standards[0];
    expect([fixed.title, fixed.description]).toEqual([{ en: "Greet within 2 min", "zh-CN": "2 分钟内问候" }, "Greet guests within 2 min"]);
  });

  it("replaces the longest vague phrase, matched as whole words", () => {
    const doc = policy(timing({ title: "Reply as quickly as possible, not quickish", within: "PT1H" }));
    expect(JSON.parse(applyAll(doc, "lint_vague_wording")).standards[0].title).toBe("Reply within 1 h, not quickish");
  });

  it("writes a duration given in words as ISO 8601", () => {
    const fixOf = (field: string, v: string) => {
      const doc = policy(timing({ [field]: v }));
      return diagnostics(doc, "schema_invalid").flatMap((d) => quickFixes(doc, d)).map((f) => [f.title, JSON.parse(apply(doc, f)).standards[0][field]]);
    };
    expect(fixOf("within", "1 minute")).toEqual([['Write it as ISO 8601: "PT1M"', "PT1M"]]);
    expect(fixOf("warnBefore", "90s")).toEqual([['Write it as ISO 8601: "PT90S"', "PT90S"]]);
    expect(fixOf("within", "2 分钟")).toEqual([['Write it as ISO 8601: "PT2M"', "PT2M"]]);
    expect(fixOf("within", "1.5 h")).toEqual([['Write it as ISO 8601: "PT90M"', "PT90M"]]);
    expect(fixOf("within", "soon")).toEqual([]);
    expect(fixOf("within", "2 fortnights")).toEqual([]);
  });

  it("offers nothing without a fix, or when the text no longer has the path", () => {
    const doc = policy(timing({ start: "guest.seeted" }));
    const [d] = diagnostics(doc, "compile_unknown_event");
    expect(quickFixes(doc, { fix: undefined })).toEqual([]);
    expect(quickFixes("[]", d!)).toEqual([]);
  });
});
