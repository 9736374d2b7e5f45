/**
 * Vague time words (SMART "S", domain: service-standards.md §1): words that promise
 * speed without a number. The lint `lint_vague_wording` flags them; its quick fix
 * replaces them with the standard's real limit.
 */

/** English vague words and phrases, matched as whole words, case-insensitively. */
export const ENGLISH_VAGUE_WORDS: readonly string[] = [
  "as soon as possible", "as quickly as possible", "as fast as possible", "asap", "promptly",
  "timely", "in good time", "quickly", "quick", "soon", "shortly", "swiftly", "rapidly", "immediately",
  "right away", "without delay", "in a reasonable time", "when possible", "if possible",
];

/** Chinese vague words: "as soon as possible", "in time", "at once", "try to", … */
export const CHINESE_VAGUE_WORDS: readonly string[] = ["尽快", "尽早", "尽可能", "尽量", "及时", "马上", "立即", "立刻", "迅速", "很快", "快速", "适时"];

// Longest first, so "as quickly as possible" is found whole, never as its "quickly".
const byLength = (list: readonly string[]) => [...list].sort((a, b) => b.length - a.length);
const ENGLISH_SOURCE = `\\b(?:${byLength(ENGLISH_VAGUE_WORDS).map((w) => w.replace(/ /g, "\\s+")).join("|")})\\b`;
const CHINESE_SOURCE = byLength(CHINESE_VAGUE_WORDS).join("|");

/** A number: digits (ASCII or full-width), or Chinese numerals before a unit ("两分钟", "三天"). */
const NUMBER_RE = /[0-9０-９]|[零一二两三四五六七八九十百千]+\s*(秒|分钟|分|小时|钟头|天|日|周|星期|个|次|人|位)/;

/**
 * True when the text states a number, so vague words in it are concrete ("promptly, within 2 minutes").
 * @example hasNumber("5分钟内") // true
 */
export function hasNumber(text: string): boolean {
  return NUMBER_RE.test(text);
}

/**
 * The vague words in `text`, in order of appearance, lower-cased, without repeats.
 * @example vagueWords("Reply ASAP, 尽快") // ["asap", "尽快"]
 */
export function vagueWords(text: string): string[] {
  const hits = [...text.matchAll(new RegExp(ENGLISH_SOURCE, "gi")), ...text.matchAll(new RegExp(CHINESE_SOURCE, "g"))]
    .sort((a, b) => (a.index ?? 0) - (b.index ?? 0))
    .map((m) => m[0].toLowerCase().replace(/\s+/g, " "));
  return [...new Set(hits)];
}

/**
 * `text` with each English vague word replaced by `english` and each Chinese one by
 * `chinese` (whatever the text's language), spaces tidied.
 * @example replaceVagueWords("Greet guests promptly", "within 2 min", "2 分钟内") // "Greet guests within 2 min"
 */
export function replaceVagueWords(text: string, english: string, chinese: string): string {
  return text
    .replace(new RegExp(CHINESE_SOURCE, "g"), chinese)
    .replace(new RegExp(ENGLISH_SOURCE, "gi"), english)
    .replace(/\s{2,}/g, " ")
    .trim();
}
