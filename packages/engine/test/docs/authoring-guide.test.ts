import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compilePolicy } from "../../src/index.js";

const guide = readFileSync(new URL("../../../../docs/authoring-guide.md", import.meta.url), "utf8");
const blocks = [...guide.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]!);

/** A guide example as a whole policy: a policy as is, a standard or calendars wrapped in a minimal one. */
function asPolicy(value: Record<string, unknown>): unknown {
  if ("standards" in value) return value;
  // A standard counted in a calendar gets a plain one of that name (the guide shows calendars on their own).
  const calendars = typeof value.calendar === "string" ? { calendars: { [value.calendar]: { hours: { mon: [["09:00", "17:30"]] } } } } : {};
  if ("kind" in value) return { id: "guide", title: "Guide", ...calendars, standards: [value] };
  return { id: "guide", title: "Guide", calendars: value.calendars, standards: [{ id: "R1", kind: "timing", title: "Within 2 minutes", start: "a.b", stop: "a.c", within: "PT2M", calendar: "office" }] };
}

describe("docs/authoring-guide.md", () => {
  it("has examples of a policy, every kind and a calendar that compile as written", () => {
    const wholes = blocks.flatMap((b) => {
      const text = b.trim().startsWith("{") ? b : `{${b}}`;
      try {
        return [JSON.parse(text) as Record<string, unknown>];
      } catch {
        return []; // matcher fragments ("start": … three ways) are not one document
      }
    }).filter((v) => "standards" in v || "kind" in v || "calendars" in v);
    expect(wholes.map((v) => ("kind" in v ? v.kind : "standards" in v ? "policy" : "calendars"))).toEqual(["policy", "policy", "timing", "timing", "calendars", "queue", "queue", "escalation", "escalation", "rule", "rule", "rule", "rule"]);
    expect(wholes.map((v) => compilePolicy(asPolicy(v)).diagnostics)).toEqual(wholes.map(() => []));
  });
});
