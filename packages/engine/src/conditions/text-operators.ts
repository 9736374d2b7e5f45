/**
 * The text operators an author writes beside json-rules-engine's ten (issue 11):
 * `containsAny` (the text contains one of a list of words) and `matches` (a safe
 * pattern). Both read only a string fact value (anything else is false).
 *
 * `containsAny` is the forgiving one, for wording: it compares after Unicode NFKC
 * normalization and lower-casing, so full-width "ＡＢＣ" and half-width "abc" are the
 * same word; Chinese needs nothing more (NFKC leaves ideographs alone, and they have no
 * case). `matches` is exact, for formats: the pattern sees the text as it is, with RE2's
 * own semantics (case-sensitive unless it starts with `(?i)`; `\p{Nd}` for any decimal
 * digit, full-width ones included). A pattern checking that a deadline is an ISO 8601
 * duration must not accept "ｐｔ３０ｍ", which the engine would refuse.
 *
 * Patterns are RE2 syntax through re2js, the pure-JS port of RE2: its matcher runs in
 * time linear in the text whatever the pattern, so a manager's `(a+)+$` cannot hang an
 * evaluation as it would JavaScript's backtracking RegExp. RE2 refuses what cannot be
 * matched in linear time (backreferences, lookaround), and we refuse patterns longer
 * than MAX_PATTERN_CHARS (limits.ts) before RE2 sees them.
 */
import { RE2JS, RE2JSException, RE2JSSyntaxException } from "re2js";
import { MAX_PATTERN_CHARS } from "../limits.js";

/**
 * The text as the text operators compare it: NFKC, then lower case (Unicode default case
 * mapping, as `toLowerCase` does it, independent of locale).
 * @example foldText("Ｎｏ．１２") // "no.12"
 */
export function foldText(text: string): string {
  return text.normalize("NFKC").toLowerCase();
}

/**
 * `containsAny`: a test returning the first word of `words` found in a string, or null.
 * Words are folded once here; the text once per test.
 * @example findAnyWord(["不知道", "好像"])("这个我不知道") // "不知道"
 */
export function findAnyWord(words: readonly string[]): (text: unknown) => string | null {
  const folded = words.map((w) => [foldText(w), w] as const);
  return (text) => {
    if (typeof text !== "string") return null;
    const t = foldText(text);
    for (const [needle, word] of folded) if (t.includes(needle)) return word;
    return null;
  };
}

/** A pattern compiled, or why it was refused (the character position is 1-based, when RE2 names the spot). */
export type PatternResult = { ok: true; test: (text: unknown) => boolean } | { ok: false; message: string; tooLong: boolean };

/**
 * Compiles a `matches` pattern (RE2 syntax, searched anywhere in the text unless
 * anchored with ^ and $; `(?i)` ignores case).
 * @example compilePattern("工号\\s*\\d{4,6}") // {ok: true, test} — test("您好，工号 1024 为您服务") is true
 */
export function compilePattern(pattern: string): PatternResult {
  if (pattern.length > MAX_PATTERN_CHARS) {
    return { ok: false, tooLong: true, message: `pattern of ${pattern.length} characters; the limit is ${MAX_PATTERN_CHARS}` };
  }
  let re: RE2JS;
  try {
    re = RE2JS.compile(pattern);
  } catch (e) {
    return { ok: false, tooLong: false, message: describeSyntaxError(pattern, e) };
  }
  return {
    ok: true,
    test: (text) => typeof text === "string" && re.test(text),
  };
}

/** RE2's message with the character where the offending part starts (RE2 names the part, not its position). */
function describeSyntaxError(pattern: string, e: unknown): string {
  // Anything else RE2 throws is a bug of ours, not the author's pattern.
  if (!(e instanceof RE2JSException)) throw e;
  const what = e instanceof RE2JSSyntaxException ? e.error : e.message;
  const part = e instanceof RE2JSSyntaxException && typeof e.input === "string" ? e.input : "";
  const at = part === "" ? -1 : pattern.indexOf(part);
  const where = at >= 0 ? ` at character ${at + 1} (${JSON.stringify(part)})` : part ? ` (${JSON.stringify(part)})` : "";
  return `pattern ${JSON.stringify(pattern.length > 60 ? `${pattern.slice(0, 57)}...` : pattern)} is not a safe pattern: ${what}${where}. Patterns use RE2 syntax; backreferences (\\1) and lookaround ((?=…), (?!…)) are not available because they cannot be matched in linear time`;
}
