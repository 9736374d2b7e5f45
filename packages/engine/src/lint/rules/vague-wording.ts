/**
 * Code `lint_vague_wording` (warning): SMART "S", a standard's title or description
 * relies on a vague word ("promptly", "as soon as possible", "尽快", "及时", …) and gives
 * no number. With a number ("promptly, within 2 minutes", "5分钟内") the wording is
 * concrete and the lint is silent. One diagnostic per text (and language), at the text.
 *
 * Fix: replace the vague words by the standard's limit ("promptly" → "within 2 min",
 * "尽快" → "2 分钟内", whatever the text's language), or drop them when the standard
 * has no fixed `within`.
 */
import type { Diagnostic, DiagnosticFix } from "../../types.js";
import type { LintRule, StandardAt } from "../context.js";
import { textFields } from "../context.js";
import { formatCalendarDuration, parseCalendarDuration } from "../../vocabulary/duration.js";
import { hasNumber, replaceVagueWords, vagueWords } from "../../vocabulary/vague-words.js";

const CODE = "lint_vague_wording";

export const vagueWording: LintRule = {
  code: CODE,
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const s of ctx.standards) {
      for (const { text, path } of textFields(s)) {
        if (hasNumber(text)) continue;
        const words = vagueWords(text);
        if (words.length === 0) continue;
        const d: Diagnostic = {
          code: CODE,
          severity: "warning",
          message: `${s.id}: vague wording ${words.map((w) => `"${w}"`).join(", ")} without a number; say how long, e.g. "within 2 minutes"`,
          path,
        };
        const fix = limitFix(s, text, path);
        out.push(fix === null ? d : { ...d, fix });
      }
    }
    return out;
  },
};

/** The text with its vague words replaced by the standard's `within`, or null when nothing would be left. */
function limitFix(s: StandardAt, text: string, path: string): DiagnosticFix | null {
  const within = typeof s.doc.within === "string" ? s.doc.within : null;
  const limit = (locale: string) => {
    if (within === null) return "";
    const d = parseCalendarDuration(within);
    return d === null ? within : formatCalendarDuration(d, locale);
  };
  const fixed = replaceVagueWords(text, within === null ? "" : `within ${limit("en")}`, within === null ? "" : `${limit("zh-CN")}内`);
  if (fixed === text || fixed === "") return null;
  return { title: within === null ? "Remove the vague word" : `State the limit (${limit("en")}) instead of a vague word`, edits: [{ path, value: fixed }] };
}
