/**
 * Keeps "no prototype lookups" (issue 14) true: maps keyed by user text (subjects,
 * standard ids, correlation keys, classes, groups, calendars) are read and written
 * through src/own.ts (own properties only, defined rather than assigned), never with
 * `map[key]`, `map[key] = v` or `map[key] ??= v`. The names below are the fields that
 * hold such maps in the engine's state and compiled policy; `delete map[key]` is safe
 * (it only ever removes an own property) and allowed.
 * The timing kind keeps its obligations and holds in arrays searched by key, so it has
 * no such maps; it is scanned like every other file.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), "../../src");
const USER_KEYED = ["subjects", "shared", "slots", "lines", "cases", "groups\\[\\w+\\]", "counts", "uncounted", "calendars", "maxWaitMs", "running", "waiting"];
const INDEXED = new RegExp(`(?<!delete\\s+[\\w.]*)\\.(?:${USER_KEYED.join("|")})\\[(?!\\d+\\])`, "g");
/** A `??=` on an index expression creates an entry by assignment (`__proto__` would set the prototype). */
const NULLISH_ASSIGN = /\w\[[^\]]+\]\s*\?\?=/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));
}

/** `file:line: text` of every offending line (comments skipped). */
export function offenders(text: string, file: string): string[] {
  const out: string[] = [];
  text.split("\n").forEach((line, i) => {
    const code = line.replace(/\/\/.*$/, "");
    if (/^\s*(\*|\/\*\*)/.test(code)) return;
    if (code.match(INDEXED) || code.match(NULLISH_ASSIGN)) out.push(`${file}:${i + 1}: ${line.trim()}`);
  });
  return out;
}

describe("no prototype lookups in maps keyed by user text", () => {
  it("the check finds what it must (it can fail)", () => {
    expect(offenders("const s = state.subjects[name];", "x")).toHaveLength(1);
    expect(offenders("const slot = (subj.slots[std.id] ??= init());", "x")).toHaveLength(1);
    expect(offenders("slot.groups[k][value] = g;", "x")).toHaveLength(1);
    expect(offenders("cache[key] ??= 1;", "x")).toHaveLength(1);
    expect(offenders("delete slot.cases[subject];", "x")).toEqual([]);
    expect(offenders("const s = own(state.subjects, name);", "x")).toEqual([]);
  });

  it("engine sources use src/own.ts for them", () => {
    const found = sourceFiles(SRC)
      .map((f) => relative(SRC, f))
      .filter((f) => f !== "own.ts")
      .flatMap((f) => offenders(readFileSync(join(SRC, f), "utf8"), f));
    expect(found).toEqual([]);
  });
});
