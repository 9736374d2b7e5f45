/**
 * Code `lint_vague_wording` (warning): SMART "S", a standard's title or description
 * relies on a vague word ("promptly", "as soon as possible", "尽快", "及时", …) and gives
 * no number. With a number ("promptly, within 2 minutes", "5分钟内") the wording is
 * concrete and the lint is silent. One diagnostic per text (and language), at the text.
 */
import type { Diagnostic } from "../../types.js";
import type { LintRule } from "../context.js";
import { textFields } from "../context.js";

const CODE = "lint_vague_wording";

/** English vague words and phrases, matched as whole words, case-insensitively. */
const ENGLISH = [
  "as soon as possible", "as quickly as possible", "as fast as possible", "asap", "promptly",
  "timely", "in good time", "quickly", "quick", "soon", "shortly", "swiftly", "rapidly", "immediately",
  "right away", "without delay", "in a reasonable time", "when possible", "if possible",
];
/** Chinese vague words: "as soon as possible", "in time", "at once", "try to", … */
const CHINESE = ["尽快", "尽早", "尽可能", "尽量", "及时", "马上", "立即", "立刻", "迅速", "很快", "快速", "适时"];

const ENGLISH_RE = new RegExp(`\\b(${ENGLISH.map((w) => w.replace(/ /g, "\\s+")).join("|")})\\b`, "gi");
const CHINESE_RE = new RegExp(CHINESE.join("|"), "g");
/** A number: digits (ASCII or full-width), or Chinese numerals before a unit ("两分钟", "三天"). */
const NUMBER_RE = /[0-9０-９]|[零一二两三四五六七八九十百千]+\s*(秒|分钟|分|小时|钟头|天|日|周|星期|个|次|人|位)/;

/** The vague words in `text`, in order of appearance, lower-cased, without repeats. */
export function vagueWords(text: string): string[] {
  const hits = [...text.matchAll(ENGLISH_RE), ...text.matchAll(CHINESE_RE)]
    .sort((a, b) => (a.index ?? 0) - (b.index ?? 0))
    .map((m) => m[0].toLowerCase().replace(/\s+/g, " "));
  return [...new Set(hits)];
}

export const vagueWording: LintRule = {
  code: CODE,
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const s of ctx.standards) {
      for (const { text, path } of textFields(s)) {
        if (NUMBER_RE.test(text)) continue;
        const words = vagueWords(text);
        if (words.length === 0) continue;
        out.push({
          code: CODE,
          severity: "warning",
          message: `${s.id}: vague wording ${words.map((w) => `"${w}"`).join(", ")} without a number; say how long, e.g. "within 2 minutes"`,
          path,
        });
      }
    }
    return out;
  },
};
