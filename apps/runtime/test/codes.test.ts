/**
 * The code catalogues are closed and complete (issue 9): every code produced at a
 * throw or diagnostic site in the sources is catalogued, every catalogued code is
 * produced somewhere, and docs/codes.md is the rendering of the catalogues.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DIAGNOSTIC_CODES, ENGINE_ERROR_CODES } from "@yardstick/engine";
import { HTTP_ERROR_CODES, VERIFY_PROBLEM_CODES } from "../src/http-codes.js";
import { renderCodesMarkdown } from "../src/codes-doc.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const SOURCES = ["packages/engine/src", "packages/cli/src", "apps/runtime/src"];
/** The catalogues name every code by definition: they are not production sites. */
const CATALOGUES = new Set(["packages/engine/src/codes.ts", "apps/runtime/src/http-codes.ts"]);

/** `code: "…"` in the runtime is an error body or a verification problem; elsewhere a diagnostic. */
type Site = "diagnostic" | "engine" | "http" | "runtime";

/** Where a code literal is produced, by the shape of the code around it. */
const SITES: Array<[Site, RegExp]> = [
  ["diagnostic", /\bcode:\s*"([a-z][a-z0-9_]*)"/g],
  ["diagnostic", /\.error\(\s*"([a-z][a-z0-9_]*)"/g],
  ["diagnostic", /\bconst CODE = "([a-z][a-z0-9_]*)"/g],
  ["diagnostic", /undeclaredEventLint\(\s*"([a-z][a-z0-9_]*)"/g],
  ["engine", /new YardstickError\(\s*"([a-z][a-z0-9_]*)"/g],
  ["http", /new HttpError\(\s*\d{3},\s*"([a-z][a-z0-9_]*)"/g],
  ["http", /\b(?:badRequest|fromDiagnostics\(\s*\d{3},)\(?\s*"([a-z][a-z0-9_]*)"/g],
  ["http", /\[\d{3},\s*"([a-z][a-z0-9_]*)",/g],
];

/** Code literals at production sites in `text`, by site. */
export function producedCodes(text: string, inRuntime = false): Map<Site, Set<string>> {
  const out = emptySites();
  for (const [site, re] of SITES) for (const m of text.matchAll(re)) out.get(site === "diagnostic" && inRuntime ? "runtime" : site)!.add(m[1]!);
  return out;
}

function emptySites(): Map<Site, Set<string>> {
  return new Map<Site, Set<string>>([["diagnostic", new Set()], ["engine", new Set()], ["http", new Set()], ["runtime", new Set()]]);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return sourceFiles(rel);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith(".test.ts") && !CATALOGUES.has(rel) ? [rel] : [];
  });
}

function produced(): Map<Site, Set<string>> {
  const all = emptySites();
  for (const file of SOURCES.flatMap(sourceFiles)) {
    for (const [site, codes] of producedCodes(readFileSync(join(ROOT, file), "utf8"), file.startsWith("apps/runtime/"))) for (const c of codes) all.get(site)!.add(c);
  }
  return all;
}

const catalogued: Record<Site, Set<string>> = {
  diagnostic: new Set(Object.keys(DIAGNOSTIC_CODES)),
  engine: new Set(Object.keys(ENGINE_ERROR_CODES)),
  http: new Set(Object.keys(HTTP_ERROR_CODES)),
  runtime: new Set([...Object.keys(HTTP_ERROR_CODES), ...Object.keys(VERIFY_PROBLEM_CODES)]),
};

describe("the code catalogues", () => {
  const found = produced();

  it("finds code literals at throw and diagnostic sites (the scan can fail)", () => {
    const sample = `
      out.push({ code: "lint_made_up", severity: "error", message, path });
      throw new YardstickError("engine_made_up", "…");
      throw new HttpError(409, "http_made_up", "…");
      throw badRequest("bad_made_up", "…", "/x");
      c.error("compile_made_up", "/x", "…");`;
    expect([...producedCodes(sample)].map(([site, codes]) => [site, [...codes].sort()])).toEqual([
      ["diagnostic", ["compile_made_up", "lint_made_up"]],
      ["engine", ["engine_made_up"]],
      ["http", ["bad_made_up", "http_made_up"]],
      ["runtime", []],
    ]);
    // The real sources: each kind of site is found many times; every engine error code is thrown somewhere.
    expect([found.get("diagnostic")!.size > 20, found.get("engine")!.size, found.get("http")!.size > 10]).toEqual([true, Object.keys(ENGINE_ERROR_CODES).length, true]);
  });

  it("catalogues every code the sources produce", () => {
    const missing = (site: Site) => [...found.get(site)!].filter((c) => !catalogued[site].has(c)).sort();
    expect({ diagnostic: missing("diagnostic"), engine: missing("engine"), http: missing("http"), runtime: missing("runtime") }).toEqual({ diagnostic: [], engine: [], http: [], runtime: [] });
  });

  it("lists no code that nothing produces (engine errors reach HTTP unchanged)", () => {
    const httpProduced = new Set([...found.get("http")!, ...found.get("engine")!, ...found.get("runtime")!]);
    const verify = new Set(Object.keys(VERIFY_PROBLEM_CODES));
    const unused = (site: Site, made: Set<string>) => [...catalogued[site]].filter((c) => !made.has(c)).sort();
    expect({
      diagnostic: unused("diagnostic", found.get("diagnostic")!),
      engine: unused("engine", found.get("engine")!),
      http: unused("http", httpProduced),
      verify: [...verify].filter((c) => !found.get("runtime")!.has(c)).sort(),
    }).toEqual({ diagnostic: [], engine: [], http: [], verify: [] });
  });

  it("is rendered in docs/codes.md (run `npm run docs` after changing a catalogue)", () => {
    expect(readFileSync(join(ROOT, "docs/codes.md"), "utf8")).toBe(renderCodesMarkdown());
  });
});
