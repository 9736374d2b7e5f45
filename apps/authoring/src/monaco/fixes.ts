/**
 * Quick fixes for the engine's diagnostics, as plain text edits (offset, length,
 * replacement) so they can be tested without Monaco. Only where the fix is obvious:
 *
 * - `compile_duplicate_id`, `lint_duplicate_id`: give the second standard the next free id.
 * - `compile_unknown_event`, `lint_unknown_event`, `lint_unproduced_stop`: use the
 *   declared event type it most likely meant.
 * - `schema_invalid` on a duration written in words ("1 minute", "90 s", "2 分钟"):
 *   write it as ISO 8601 ("PT1M").
 * - `lint_vague_wording`: replace the vague word by the standard's real limit
 *   ("promptly" → "within 2 min"), or drop it when the standard has no fixed limit.
 */
import { findNodeAtLocation, getNodeValue, parseTree, type Node } from "jsonc-parser";
import type { Diagnostic } from "@yardstick/engine";
import { formatDuration, toIsoDuration, type DurationUnit } from "../features/editor/duration.js";

export interface TextEdit {
  offset: number;
  length: number;
  text: string;
}

export interface QuickFix {
  title: string;
  edits: TextEdit[];
}

/**
 * Vague words the engine's SMART lint flags (lint/rules/vague-wording.ts), longest
 * first so "as quickly as possible" is replaced whole, not its "quickly".
 */
const ENGLISH_VAGUE = [
  "as soon as possible", "as quickly as possible", "as fast as possible", "in a reasonable time", "without delay", "when possible",
  "if possible", "in good time", "right away", "immediately", "promptly", "swiftly", "rapidly", "shortly", "quickly", "timely",
  "asap", "quick", "soon",
];
const CHINESE_VAGUE = ["尽可能", "尽快", "尽早", "尽量", "及时", "马上", "立即", "立刻", "迅速", "很快", "快速", "适时"];
const ENGLISH_RE = new RegExp(`\\b(?:${ENGLISH_VAGUE.map((w) => w.replace(/ /g, "\\s+")).join("|")})\\b`, "gi");
const CHINESE_RE = new RegExp(CHINESE_VAGUE.join("|"), "g");

/** Fixes for one diagnostic, best first; empty when nothing obvious applies. */
export function quickFixes(text: string, d: Pick<Diagnostic, "code" | "path" | "message">, lang = "en"): QuickFix[] {
  const root = parseTree(text);
  if (!root) return [];
  const segs = pointer(d.path);
  switch (d.code) {
    case "compile_duplicate_id":
    case "lint_duplicate_id":
      return fixDuplicateId(root, segs);
    case "compile_unknown_event":
    case "lint_unknown_event":
    case "lint_unproduced_stop":
      return fixUnknownEvent(root, segs);
    case "lint_vague_wording":
      return fixVagueWording(root, segs, lang);
    case "schema_invalid":
      return fixWordyDuration(root, segs);
    default:
      return [];
  }
}

function fixDuplicateId(root: Node, segs: Array<string | number>): QuickFix[] {
  const node = findNodeAtLocation(root, segs[segs.length - 1] === "id" ? segs : [...segs, "id"]);
  if (node?.type !== "string") return [];
  const ids = new Set(((getNodeValue(root) as { standards?: Array<{ id?: unknown }> }).standards ?? []).map((s) => s?.id));
  const base = String(node.value).replace(/-\d+$/, "");
  let n = 2;
  while (ids.has(`${base}-${n}`)) n++;
  const next = `${base}-${n}`;
  return [{ title: `Rename to "${next}"`, edits: [replaceString(node, next)] }];
}

function fixUnknownEvent(root: Node, segs: Array<string | number>): QuickFix[] {
  const node = findNodeAtLocation(root, segs);
  const target = node?.type === "string" ? node : node?.type === "object" ? findNodeAtLocation(node, ["event"]) : undefined;
  if (target?.type !== "string") return [];
  const declared = Object.keys((getNodeValue(root) as { events?: Record<string, unknown> }).events ?? {});
  const wrong = String(target.value);
  const ranked = declared
    .map((name) => ({ name, distance: editDistance(wrong, name) }))
    .filter((c) => c.distance <= Math.max(2, Math.floor(wrong.length / 4)))
    .sort((a, b) => a.distance - b.distance || (a.name < b.name ? -1 : 1));
  // Only the closest names: "guest.seeted" means guest.seated, not guest.greeted.
  const best = ranked.filter((c) => c.distance === ranked[0]?.distance).slice(0, 3);
  return best.map((c) => ({ title: `Change to "${c.name}"`, edits: [replaceString(target, c.name)] }));
}

function fixVagueWording(root: Node, segs: Array<string | number>, lang: string): QuickFix[] {
  const node = findNodeAtLocation(root, segs);
  // The diagnostic may point at a localized text object: fix every string in it.
  const strings = node?.type === "string" ? [node] : node?.type === "object" ? (node.children ?? []).map((p) => p.children?.[1]).filter((n): n is Node => n?.type === "string") : [];
  const stdIndex = segs[0] === "standards" && typeof segs[1] === "number" ? segs[1] : null;
  const std = stdIndex === null ? undefined : (getNodeValue(findNodeAtLocation(root, ["standards", stdIndex])!) as { within?: unknown } | undefined);
  const within = typeof std?.within === "string" ? std.within : null;
  const edits: TextEdit[] = [];
  // Chinese words get the Chinese phrasing, English ones the English, whatever the text's language.
  const zhLimit = within ? `${formatDuration(within, "zh-CN")}内` : "";
  const enLimit = within ? `within ${formatDuration(within, "en")}` : "";
  for (const s of strings) {
    const value = String(s.value);
    const fixed = value.replace(CHINESE_RE, zhLimit).replace(ENGLISH_RE, enLimit).replace(/\s{2,}/g, " ").trim();
    if (fixed !== value && fixed !== "") edits.push(replaceString(s, fixed));
  }
  if (edits.length === 0) return [];
  return [{ title: within ? `State the limit (${formatDuration(within, lang)}) instead of a vague word` : "Remove the vague word", edits }];
}

const DURATION_FIELDS = new Set(["within", "warnBefore"]);
const UNIT_WORDS: Array<[RegExp, DurationUnit]> = [
  [/^(s|secs?|seconds?|秒|秒钟)$/i, "s"],
  [/^(m|mins?|minutes?|分|分钟)$/i, "min"],
  [/^(h|hrs?|hours?|小时|钟头)$/i, "h"],
  [/^(d|days?|天|日)$/i, "d"],
];

function fixWordyDuration(root: Node, segs: Array<string | number>): QuickFix[] {
  const field = segs[segs.length - 1];
  if (typeof field !== "string" || !DURATION_FIELDS.has(field)) return [];
  const node = findNodeAtLocation(root, segs);
  if (node?.type !== "string") return [];
  const m = /^\s*(\d+(?:\.\d+)?)\s*([^\d\s]+)\s*$/.exec(String(node.value));
  const unit = m ? UNIT_WORDS.find(([re]) => re.test(m[2]))?.[1] : undefined;
  if (!m || !unit) return [];
  const iso = toIsoDuration(Number(m[1]), unit);
  return [{ title: `Write it as ISO 8601: "${iso}"`, edits: [replaceString(node, iso)] }];
}

function replaceString(node: Node, value: string): TextEdit {
  return { offset: node.offset, length: node.length, text: JSON.stringify(value) };
}

function pointer(p: string): Array<string | number> {
  if (p === "") return [];
  return p
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s) => (/^(0|[1-9]\d*)$/.test(s) ? Number(s) : s));
}

/** Levenshtein distance (short strings: event type names). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}
