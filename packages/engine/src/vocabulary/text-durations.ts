/**
 * Durations stated in people's text, English and Chinese: "within 30 minutes", "2 h",
 * "two minutes", "30 分钟内", "两分钟", "2 小时", "半小时", "3 个工作日", "一个月". The lint
 * that compares a title with the standard's limit reads them (lint/rules/limit-in-text.ts).
 *
 * Hand-written, not a library: what is needed is the few units of service standards and
 * Chinese numerals up to the hundreds, with the position of each mention (for a fix that
 * rewrites only it). A time of day ("17:30", "10 点") is not a duration and is not read.
 */
import { durationFromWords, parseCalendarDuration } from "./duration.js";

/** One duration found in a text: where, as written, and its value. */
export interface TextDuration {
  /** Index of the mention in the text, and its length. */
  index: number;
  length: number;
  /** The mention as written ("30 分钟", "two minutes"). */
  text: string;
  months: number;
  ms: number;
}

const EN_NUMBERS = new Map<string, number>([
  ["a", 1], ["an", 1], ["one", 1], ["two", 2], ["three", 3], ["four", 4], ["five", 5], ["six", 6], ["seven", 7], ["eight", 8],
  ["nine", 9], ["ten", 10], ["eleven", 11], ["twelve", 12], ["fifteen", 15], ["twenty", 20], ["thirty", 30], ["forty", 40],
  ["forty-five", 45], ["sixty", 60], ["ninety", 90],
]);

const EN_UNIT = "(seconds?|secs?|minutes?|mins?|hours?|hrs?|h|(?:working |business )?days?|weeks?|months?|years?)";
// The number word before a space, or digits (ASCII or full-width) with an optional space.
const EN_RE = new RegExp(`\\b(\\d+(?:\\.\\d+)?|[０-９]+|${[...EN_NUMBERS.keys()].sort((a, b) => b.length - a.length).join("|")})[\\s-]*${EN_UNIT}\\b`, "gi");
const EN_HALF_HOUR = /\b(half an hour|half-hour)\b/gi;

const ZH_DIGITS = new Map<string, number>([["零", 0], ["一", 1], ["二", 2], ["两", 2], ["三", 3], ["四", 4], ["五", 5], ["六", 6], ["七", 7], ["八", 8], ["九", 9]]);
// Dates are not durations: a month only as "个月" ("三月" is March), a year not before a
// number ("2026年10月"), "日" only as "…日内" ("5日内"; "29 日" is a date).
const ZH_UNIT = "(秒钟|秒|分钟|小时|钟头|工作日|天|日(?=之?内)|周|星期|月|年(?![0-9０-９一二三四五六七八九十]))";
const ZH_RE = new RegExp(`(?<![月0-9０-９])([0-9０-９]+(?:\\.[0-9]+)?|[零一二两三四五六七八九十百]+)\\s*(个)?(半)?\\s*${ZH_UNIT}`, "g");
const ZH_HALF_HOUR = /半(个)?小时/g;

/**
 * Every duration stated in `text`, in order.
 * @example durationsInText("30 分钟内回复").map((d) => d.ms) // [1800000]
 * @example durationsInText("Reply within two minutes")[0].text // "two minutes"
 */
export function durationsInText(text: string): TextDuration[] {
  const out: TextDuration[] = [];
  const add = (index: number, written: string, value: { months: number; ms: number } | null) => {
    if (value && !out.some((d) => index < d.index + d.length && d.index < index + written.length)) out.push({ index, length: written.length, text: written, ...value });
  };
  // Before the numbered forms, so "half an hour" is not read as its "an hour".
  for (const m of text.matchAll(EN_HALF_HOUR)) add(m.index, m[0], { months: 0, ms: 1_800_000 });
  for (const m of text.matchAll(EN_RE)) {
    const word = m[1]!.toLowerCase();
    const n = EN_NUMBERS.get(word) ?? digits(word);
    add(m.index, m[0], n === null ? null : value(n, englishUnit(m[2]!.toLowerCase())));
  }
  for (const m of text.matchAll(ZH_RE)) {
    const n = digits(m[1]!) ?? chineseNumber(m[1]!);
    const half = m[3] !== undefined ? 0.5 : 0;
    if (m[4] === "月" && m[2] === undefined) continue; // "三月" is March; one month is "一个月"
    add(m.index, m[0], n === null ? null : value(n + half, chineseUnit(m[4]!)));
  }
  // After the numbered forms, so "一个半小时" is read whole (1.5 h), not as its "半小时".
  for (const m of text.matchAll(ZH_HALF_HOUR)) add(m.index, m[0], { months: 0, ms: 1_800_000 });
  return out.sort((a, b) => a.index - b.index);
}

type Unit = "s" | "min" | "h" | "d" | "w" | "mo" | "y";

function englishUnit(u: string): Unit {
  if (u.startsWith("s")) return "s";
  if (u.startsWith("mi")) return "min";
  if (u.startsWith("h")) return "h";
  if (u.startsWith("w") && !u.startsWith("working")) return "w";
  if (u.startsWith("mo")) return "mo";
  if (u.startsWith("y")) return "y";
  return "d";
}

function chineseUnit(u: string): Unit {
  if (u.startsWith("秒")) return "s";
  if (u === "分钟") return "min";
  if (u === "小时" || u === "钟头") return "h";
  if (u === "周" || u === "星期") return "w";
  if (u.endsWith("月")) return "mo";
  if (u === "年") return "y";
  return "d";
}

/** A number and a unit as months and ms, through the shared duration vocabulary. */
function value(n: number, unit: Unit): { months: number; ms: number } | null {
  if (unit === "mo" || unit === "y") return Number.isInteger(n) ? { months: unit === "y" ? n * 12 : n, ms: 0 } : null;
  if (unit === "w") return value(n * 7, "d");
  const iso = durationFromWords(`${n} ${unit}`);
  return iso === null ? null : parseCalendarDuration(iso);
}

function digits(text: string): number | null {
  const ascii = text.replace(/[０-９]/g, (c) => String(c.charCodeAt(0) - 0xff10));
  return /^\d+(\.\d+)?$/.test(ascii) ? Number(ascii) : null;
}

/** Chinese numerals below a thousand: 两, 十五, 二十, 三十五, 一百二十. */
function chineseNumber(text: string): number | null {
  let total = 0;
  let current: number | null = null;
  for (const ch of text) {
    const d = ZH_DIGITS.get(ch);
    if (d !== undefined) {
      if (current !== null) return null; // two digits in a row ("二三"): not a number we read
      current = d;
    } else if (ch === "十" || ch === "百") {
      total += (current ?? 1) * (ch === "十" ? 10 : 100);
      current = null;
    } else return null;
  }
  const n = total + (current ?? 0);
  return n > 0 ? n : null;
}
