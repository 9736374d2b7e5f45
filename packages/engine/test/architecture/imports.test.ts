/**
 * The engine's import picture: no cycle (type-only imports included: a type cycle is
 * still two modules that cannot be understood one without the other), and evaluate/
 * never imports compile/ (evaluation needs a compiled policy, never the compiler).
 * Imports are read from the source text (`import … from "./x.js"`, `export … from`).
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), "../../src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));
}

/** Relative imports of modules (not JSON files) of one file, as src-relative paths of .ts files. */
export function importsOf(file: string, text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/^(?:import|export)\b[^;"'()=]*?\bfrom\s*["'](\.[^"']+)["']/gm)) {
    if (m[1]!.endsWith(".js")) out.push(relative(SRC, resolve(dirname(file), m[1]!.replace(/\.js$/, ".ts"))));
  }
  return out;
}

function graph(): Map<string, string[]> {
  const g = new Map<string, string[]>();
  for (const f of sourceFiles(SRC)) g.set(relative(SRC, f), importsOf(f, readFileSync(f, "utf8")));
  return g;
}

/** Every cycle found by a depth-first search, each as the list of modules on it. */
export function findCycles(g: ReadonlyMap<string, readonly string[]>): string[][] {
  const state = new Map<string, "active" | "done">();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (n: string) => {
    state.set(n, "active");
    stack.push(n);
    for (const m of g.get(n) ?? []) {
      if (state.get(m) === "active") cycles.push([...stack.slice(stack.indexOf(m)), m]);
      else if (!state.has(m)) visit(m);
    }
    stack.pop();
    state.set(n, "done");
  };
  for (const n of [...g.keys()].sort()) if (!state.has(n)) visit(n);
  return cycles;
}

describe("engine imports", () => {
  const g = graph();

  it("reads the imports it checks (the parser sees multi-line and type imports)", () => {
    expect(g.get("index.ts")).toContain("evaluate/engine.ts");
    expect(g.get("kinds/registry.ts")).toEqual(expect.arrayContaining(["kinds/kind.ts", "kinds/timing/index.ts", "kinds/queue/index.ts", "kinds/escalation/index.ts"]));
    // Every import resolves to a file (a wrong path would hide an edge).
    for (const [file, deps] of g) for (const d of deps) expect(g.has(d), `${file} → ${d}`).toBe(true);
  });

  it("finds a cycle when there is one (the check can fail)", () => {
    expect(findCycles(new Map([["a.ts", ["b.ts"]], ["b.ts", ["c.ts"]], ["c.ts", ["a.ts"]]]))).toEqual([["a.ts", "b.ts", "c.ts", "a.ts"]]);
    expect(findCycles(new Map([["a.ts", ["b.ts"]], ["b.ts", []]]))).toEqual([]);
  });

  it("has no import cycle", () => {
    expect(findCycles(g)).toEqual([]);
  });

  it("evaluate/ does not import compile/", () => {
    const bad = [...g].flatMap(([f, deps]) => (f.startsWith("evaluate/") ? deps.filter((d) => d.startsWith("compile/")).map((d) => `${f} → ${d}`) : []));
    expect(bad).toEqual([]);
  });
});
