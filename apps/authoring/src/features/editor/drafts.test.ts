import { describe, expect, it } from "vitest";
import { DraftStore } from "./drafts.js";

function memoryStorage() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k), m };
}

describe("DraftStore", () => {
  it("keeps changed text and forgets a draft equal to its base", () => {
    const s = memoryStorage();
    const drafts = new DraftStore(s);
    const d = { source: "shipped:p", text: "{1}", baseText: "{}", label: "p", savedAt: 1 };
    drafts.save(d);
    expect(drafts.load("shipped:p")).toEqual(d);
    drafts.save({ ...d, text: "{}" });
    expect(drafts.load("shipped:p")).toBeNull();
    expect(s.m.size).toBe(0);
  });

  it("keeps the text of a runtime version even without changes, to reopen it", () => {
    const drafts = new DraftStore(memoryStorage());
    const d = { source: "runtime:p@2", text: "{}", baseText: "{}", label: "p v2", savedAt: 1 };
    drafts.save(d);
    expect(drafts.load("runtime:p@2")).toEqual(d);
  });

  it("remembers the open document and survives junk in storage", () => {
    const s = memoryStorage();
    const drafts = new DraftStore(s);
    drafts.setCurrent("runtime:p@2", "p v2");
    expect(drafts.current()).toEqual({ source: "runtime:p@2", label: "p v2" });
    s.setItem("yardstick.draft.x", "{not json");
    expect(drafts.load("x")).toBeNull();
  });
});
