import { describe, expect, it } from "vitest";
import { lintPolicy, validatePolicyDocument } from "../../src/index.js";
import type { PolicyDoc } from "../../src/index.js";
import { durationsInText } from "../../src/vocabulary/text-durations.js";

/** A one-standard policy around `standard` (schema-valid, checked). */
function policy(standard: Record<string, unknown>, extra: Record<string, unknown> = {}): PolicyDoc {
  const d = {
    id: "p",
    title: "P",
    events: { "query.received": {}, "query.answered": {}, "ticket.issued": {}, "ticket.called": {} },
    standards: [{ id: "R1", kind: "timing", start: "query.received", stop: "query.answered", ...standard }],
    ...extra,
  };
  expect(validatePolicyDocument(d)).toEqual([]);
  return d as unknown as PolicyDoc;
}

const mismatches = (doc: PolicyDoc) => lintPolicy(doc).filter((d) => d.code === "lint_limit_mismatch");

describe("lint_limit_mismatch (issue 11)", () => {
  it("flags an English title that says 30 minutes over within PT2H, at the title, with a fix writing the limit in its place", () => {
    expect(mismatches(policy({ title: "Answer a query within 30 minutes", within: "PT2H" }))).toEqual([
      {
        code: "lint_limit_mismatch",
        severity: "warning",
        path: "/standards/0/title",
        message: 'R1: the text says "30 minutes", but the standard declares 2 h; make them agree',
        fix: { title: 'Say the standard\'s limit (2 h) instead of "30 minutes"', edits: [{ path: "/standards/0/title", value: "Answer a query within 2 h" }] },
      },
    ]);
  });

  it("flags each language of a localized title, the fix in that language (30 分钟, 两分钟)", () => {
    const doc = policy({ title: { en: "Answer within two minutes", "zh-CN": "30 分钟内答复" }, description: { "zh-CN": "两分钟内答复" }, within: "PT2H" });
    expect(mismatches(doc)).toEqual([
      {
        code: "lint_limit_mismatch", severity: "warning", path: "/standards/0/description/zh-CN",
        message: 'R1: the text says "两分钟", but the standard declares 2 h; make them agree',
        fix: { title: 'Say the standard\'s limit (2 h) instead of "两分钟"', edits: [{ path: "/standards/0/description/zh-CN", value: "2 小时内答复" }] },
      },
      {
        code: "lint_limit_mismatch", severity: "warning", path: "/standards/0/title/en",
        message: 'R1: the text says "two minutes", but the standard declares 2 h; make them agree',
        fix: { title: 'Say the standard\'s limit (2 h) instead of "two minutes"', edits: [{ path: "/standards/0/title/en", value: "Answer within 2 h" }] },
      },
      {
        code: "lint_limit_mismatch", severity: "warning", path: "/standards/0/title/zh-CN",
        message: 'R1: the text says "30 分钟", but the standard declares 2 h; make them agree',
        fix: { title: 'Say the standard\'s limit (2 h) instead of "30 分钟"', edits: [{ path: "/standards/0/title/zh-CN", value: "2 小时内答复" }] },
      },
    ]);
  });

  it("is silent when the text agrees: 2 小时, two hours, 120 minutes, one month over P1M, 3 个工作日 over P3D", () => {
    expect(mismatches(policy({ title: { en: "Answer within two hours (120 minutes)", "zh-CN": "2 小时内答复" }, within: "PT2H" }))).toEqual([]);
    expect(mismatches(policy({ title: { en: "Resolve within one month", "zh-CN": "一个月内处理完毕" }, within: "P1M" }))).toEqual([]);
    expect(mismatches(policy({ title: { en: "Answer within 3 working days", "zh-CN": "3 个工作日内答复" }, within: "P3D" }))).toEqual([]);
  });

  it("accepts any duration the standard declares (a warning, a per-class maximum wait) and reads no time of day or date as a duration", () => {
    expect(mismatches(policy({ title: "Answer within 2 hours; warn 30 minutes before", within: "PT2H", warnBefore: "PT30M" }))).toEqual([]);
    expect(mismatches(policy({ title: "Answer by 10:00 on 2026-10-08 (10月8日), within 2 hours", within: "PT2H" }))).toEqual([]);
    const queue = { id: "Q2", kind: "queue", title: "Call a normal ticket within 20 minutes and a VIP within 10 minutes", issue: "ticket.issued", call: "ticket.called", classes: ["vip", "normal"], maxWait: { normal: "PT20M", vip: "PT10M" } };
    expect(mismatches({ ...policy({ title: "x 2 h", within: "PT2H" }), standards: [queue] } as unknown as PolicyDoc)).toEqual([]);
  });

  it("flags a disagreement without a fix when the standard has several limits", () => {
    const queue = { id: "Q2", kind: "queue", title: "Call every ticket within 15 minutes", issue: "ticket.issued", call: "ticket.called", classes: ["vip", "normal"], maxWait: { normal: "PT20M", vip: "PT10M" } };
    expect(mismatches({ ...policy({ title: "x 2 h", within: "PT2H" }), standards: [queue] } as unknown as PolicyDoc)).toEqual([
      { code: "lint_limit_mismatch", severity: "warning", path: "/standards/0/title", message: 'Q2: the text says "15 minutes", but the standard declares 20 min, 10 min; make them agree' },
    ]);
  });

  it("does not judge a standard that declares no duration (a promise carrying its own deadline)", () => {
    expect(mismatches(policy({ title: "Keep a promise (usually 30 minutes)", deadlineFrom: { within: "within" } }))).toEqual([]);
  });
});

describe("lint_vague_wording with calendar months (issue 11)", () => {
  it("writes a month limit in words in its fix, in both languages", () => {
    const doc = policy({ title: { en: "Resolve a dispute promptly", "zh-CN": "尽快处理争议" }, within: "P1M" });
    expect(lintPolicy(doc).map((d) => [d.code, d.path, d.fix?.edits[0]?.value])).toEqual([
      ["lint_vague_wording", "/standards/0/title/en", "Resolve a dispute within 1 month"],
      ["lint_vague_wording", "/standards/0/title/zh-CN", "1 个月内处理争议"],
    ]);
  });
});

describe("durationsInText", () => {
  it("reads English and Chinese durations with their positions", () => {
    const read = (t: string) => durationsInText(t).map((d) => [d.text, d.index, d.months, d.ms]);
    expect(read("within 30 minutes")).toEqual([["30 minutes", 7, 0, 1_800_000]]);
    expect(read("30 分钟内")).toEqual([["30 分钟", 0, 0, 1_800_000]]);
    expect(read("两分钟")).toEqual([["两分钟", 0, 0, 120_000]]);
    expect(read("二十分钟、一个半小时、半小时")).toEqual([["二十分钟", 0, 0, 1_200_000], ["一个半小时", 5, 0, 5_400_000], ["半小时", 11, 0, 1_800_000]]);
    expect(read("2 h, half an hour, a day, 2 weeks")).toEqual([["2 h", 0, 0, 7_200_000], ["half an hour", 5, 0, 1_800_000], ["a day", 19, 0, 86_400_000], ["2 weeks", 26, 0, 14 * 86_400_000]]);
    expect(read("一个月内, 1 year, 一年")).toEqual([["一个月", 0, 1, 0], ["1 year", 6, 12, 0], ["一年", 14, 12, 0]]);
  });

  it("reads no dates or clock times", () => {
    expect(durationsInText("2026年10月1日前, 三月, 17:30, 29 日, 10 点")).toEqual([]);
  });
});
