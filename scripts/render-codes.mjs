#!/usr/bin/env node
/**
 * Writes docs/codes.md from the code catalogues (built: run through `npm run docs`).
 * With --check, writes nothing and exits 1 when docs/codes.md is stale.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { renderCodesMarkdown } from "../apps/runtime/dist/codes-doc.js";

const target = new URL("../docs/codes.md", import.meta.url);
const text = renderCodesMarkdown();
if (process.argv.includes("--check")) {
  let current = "";
  try {
    current = readFileSync(target, "utf8");
  } catch {
    // missing counts as stale
  }
  if (current !== text) {
    process.stderr.write("docs/codes.md is stale: run npm run docs\n");
    process.exit(1);
  }
} else {
  writeFileSync(target, text);
  process.stdout.write("wrote docs/codes.md\n");
}
