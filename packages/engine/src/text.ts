import type { LocalizedText } from "./types.js";

/**
 * Picks a language from localized text, falling back to English, then to the first entry.
 * @example localize({ en: "Greet", "zh-CN": "问候" }, "zh-CN") // "问候"
 */
export function localize(text: LocalizedText | undefined, lang = "en"): string {
  if (text === undefined) return "";
  if (typeof text === "string") return text;
  return text[lang] ?? text[lang.split("-")[0]!] ?? text.en ?? Object.values(text)[0] ?? "";
}
