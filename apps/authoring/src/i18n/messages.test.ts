import { describe, expect, it } from "vitest";
import { DECISION_STATUSES } from "@yardstick/engine";
import { messages } from "./messages.js";
import { translate } from "./i18n.js";

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("messages", () => {
  it("has the same keys and placeholders in every language", () => {
    const keys = Object.keys(messages.en).sort();
    expect(Object.keys(messages["zh-CN"]).sort()).toEqual(keys);
    for (const k of keys as Array<keyof typeof messages.en>) {
      expect([k, placeholders(messages["zh-CN"][k])]).toEqual([k, placeholders(messages.en[k])]);
    }
  });

  it("names every decision status of the contract", () => {
    expect(DECISION_STATUSES.filter((status) => !(`status.${status}` in messages.en))).toEqual([]);
  });

  it("fills placeholders", () => {
    expect(translate("en", "tests.summary", { passed: 3, failed: 1 })).toBe("3 passed, 1 failed");
    expect(translate("zh-CN", "tests.summary", { passed: 3, failed: 1 })).toBe("3 个通过，1 个失败");
  });
});
