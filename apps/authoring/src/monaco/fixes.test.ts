import { describe, expect, it } from "vitest";
import { applyEdits } from "jsonc-parser";
import { editDistance, quickFixes, type QuickFix } from "./fixes.js";

const apply = (text: string, fix: QuickFix) => applyEdits(text, fix.edits.map((e) => ({ offset: e.offset, length: e.length, content: e.text })));

const DOC = JSON.stringify(
  {
    id: "p",
    title: "P",
    events: { "guest.seated": {}, "guest.greeted": {} },
    standards: [
      { id: "R1", kind: "timing", title: "Greet guests promptly", start: "guest.seated", stop: "guest.greeted", within: "PT2M" },
      { id: "R1", kind: "timing", title: { en: "Greet as soon as possible", "zh-CN": "尽快问候" }, start: "guest.seeted", stop: "guest.greeted", within: "PT2M" },
    ],
  },
  null,
  2,
);

describe("quickFixes", () => {
  it("renames a duplicate id to the next free one", () => {
    const [fix] = quickFixes(DOC, { code: "compile_duplicate_id", path: "/standards/1/id", message: "" });
    expect(fix.title).toBe('Rename to "R1-2"');
    expect(JSON.parse(apply(DOC, fix)).standards.map((s: { id: string }) => s.id)).toEqual(["R1", "R1-2"]);
  });

  it("offers the declared event type that was meant", () => {
    const fixes = quickFixes(DOC, { code: "compile_unknown_event", path: "/standards/1/start", message: "" });
    expect(fixes.map((f) => f.title)).toEqual(['Change to "guest.seated"']);
    expect(JSON.parse(apply(DOC, fixes[0])).standards[1].start).toBe("guest.seated");
  });

  it("replaces vague wording with the standard's limit, in each language", () => {
    const [plain] = quickFixes(DOC, { code: "lint_vague_wording", path: "/standards/0/title", message: "" });
    expect(JSON.parse(apply(DOC, plain)).standards[0].title).toBe("Greet guests within 2 min");
    const [localized] = quickFixes(DOC, { code: "lint_vague_wording", path: "/standards/1/title", message: "" });
    expect(JSON.parse(apply(DOC, localized)).standards[1].title).toEqual({ en: "Greet within 2 min", "zh-CN": "2 分钟内问候" });
  });

  it("replaces the longest vague phrase, matched as whole words, and the lint's codes too", () => {
    const doc = JSON.stringify({ standards: [{ id: "X", title: "Reply as quickly as possible, not quickish", within: "PT1H" }] });
    const [fix] = quickFixes(doc, { code: "lint_vague_wording", path: "/standards/0/title", message: "" });
    expect(JSON.parse(apply(doc, fix)).standards[0].title).toBe("Reply within 1 h, not quickish");
    expect(quickFixes(DOC, { code: "lint_duplicate_id", path: "/standards/1/id", message: "" })[0].title).toBe('Rename to "R1-2"');
    expect(quickFixes(DOC, { code: "lint_unknown_event", path: "/standards/1/start", message: "" })[0].title).toBe('Change to "guest.seated"');
  });

  it("writes a duration given in words as ISO 8601", () => {
    const doc = (v: string) => JSON.stringify({ standards: [{ id: "X", within: v, warnBefore: v, title: v }] });
    const fix = (v: string, field = "within") => quickFixes(doc(v), { code: "schema_invalid", path: `/standards/0/${field}`, message: "" });
    expect(fix("1 minute").map((f) => f.title)).toEqual(['Write it as ISO 8601: "PT1M"']);
    expect(JSON.parse(apply(doc("1 minute"), fix("1 minute")[0])).standards[0].within).toBe("PT1M");
    expect(fix("90s", "warnBefore")[0].title).toBe('Write it as ISO 8601: "PT90S"');
    expect(fix("2 分钟")[0].title).toBe('Write it as ISO 8601: "PT2M"');
    expect(fix("1.5 h")[0].title).toBe('Write it as ISO 8601: "PT90M"');
    expect(fix("soon")).toEqual([]);
    expect(fix("2 fortnights")).toEqual([]);
    expect(fix("1 minute", "title")).toEqual([]);
  });

  it("offers nothing it cannot do safely", () => {
    expect(quickFixes(DOC, { code: "schema_invalid", path: "/standards/0", message: "" })).toEqual([]);
    expect(quickFixes(DOC, { code: "schema_invalid", path: "/standards/0/within", message: "" })).toEqual([]);
    expect(quickFixes("{", { code: "compile_duplicate_id", path: "/standards/1/id", message: "" })).toEqual([]);
  });
});

describe("editDistance", () => {
  it("counts single-character edits", () => {
    expect(editDistance("guest.seeted", "guest.seated")).toBe(1);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("same", "same")).toBe(0);
  });
});
