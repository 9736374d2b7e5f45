/**
 * Code `lint_limit_mismatch` (warning): a title or description states a duration that
 * no field of the standard has: "Reply within 30 minutes" over `within: "PT2H"`, "30
 * 分钟内回复", "两分钟", "2 小时". The text is what staff read; the field is what is
 * judged, so the two must agree. A duration in the text agrees with any duration the
 * standard declares (its limit, a maximum wait per class, a warning, a hold bound);
 * "one month" / "一个月" also agrees with 28–31 days. A standard that declares no
 * duration (a promise that carries its own deadline) is not judged. One diagnostic per
 * text (and language), at the text, so an editor shows it on the title's line and column.
 *
 * Fix, where it is obvious: the standard has one limit (`within`, or a single
 * `maxWait`) and the text one disagreeing duration; the fix writes the limit in its
 * place, in the text's language ("30 minutes" → "2 h", "30 分钟" → "2 小时").
 */
import type { Diagnostic, DiagnosticFix } from "../../types.js";
import type { LintRule, StandardAt } from "../context.js";
import { forEachLeaf, textFields } from "../context.js";
import { formatCalendarDuration, parseCalendarDuration } from "../../vocabulary/duration.js";
import { durationsInText, type TextDuration } from "../../vocabulary/text-durations.js";

const CODE = "lint_limit_mismatch";
const DAY_MS = 86_400_000;

type Amount = { months: number; ms: number };

export const limitMismatch: LintRule = {
  code: CODE,
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const s of ctx.standards) {
      const declared = declaredDurations(s);
      if (declared.length === 0) continue;
      for (const { text, path } of textFields(s)) {
        const wrong = durationsInText(text).filter((d) => !declared.some((x) => agrees(d, x)));
        if (wrong.length === 0) continue;
        const limit = singleLimit(s);
        const zh = /\/zh[^/]*$/.test(path) || /[\u4e00-\u9fff]/.test(text);
        const d: Diagnostic = {
          code: CODE,
          severity: "warning",
          message: `${s.id}: the text says ${wrong.map((w) => `"${w.text}"`).join(", ")}, but the standard declares ${declared.map((x) => words(x, "en")).join(", ")}; make them agree`,
          path,
        };
        const fix = limit && wrong.length === 1 ? replaceFix(text, path, wrong[0]!, limit, zh) : null;
        out.push(fix ? { ...d, fix } : d);
      }
    }
    return out;
  },
};

/** Every duration in the standard's fields (not its texts). */
function declaredDurations(s: StandardAt): Amount[] {
  const found: Amount[] = [];
  forEachLeaf(s, (value) => {
    if (typeof value !== "string" || !value.startsWith("P")) return;
    const d = parseCalendarDuration(value);
    if (d && (d.months > 0 || d.ms > 0)) found.push(d);
  });
  return found;
}

/** The standard's one limit, when it has exactly one: `within`, or a single `maxWait`. */
function singleLimit(s: StandardAt): Amount | null {
  const text = typeof s.doc.within === "string" ? s.doc.within : typeof s.doc.maxWait === "string" ? s.doc.maxWait : null;
  return text === null ? null : parseCalendarDuration(text);
}

function agrees(said: TextDuration, declared: Amount): boolean {
  if (said.months === declared.months && said.ms === declared.ms) return true;
  // "one month" over a limit in days: a month is 28–31 days.
  return said.ms === 0 && declared.months === 0 && declared.ms >= said.months * 28 * DAY_MS && declared.ms <= said.months * 31 * DAY_MS;
}

const words = formatCalendarDuration;

function replaceFix(text: string, path: string, wrong: TextDuration, limit: Amount, zh: boolean): DiagnosticFix {
  const stated = words(limit, zh ? "zh-CN" : "en");
  const value = text.slice(0, wrong.index) + stated + text.slice(wrong.index + wrong.length);
  return { title: `Say the standard's limit (${words(limit, "en")}) instead of "${wrong.text}"`, edits: [{ path, value }] };
}
