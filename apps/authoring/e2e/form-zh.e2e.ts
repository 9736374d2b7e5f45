/**
 * A manager in Chinese writes a new policy without typing JSON: the form view declares
 * an event, adds a timing standard, names it in both languages, picks its events and
 * its limit in words; the simulator runs it; it is published and, after the dialog
 * that shows what it would change, activated — against the real runtime.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { foreignRequests, openBrowser, screenshot, waitForEditor, type Session } from "./support/browser.js";
import { editorText } from "./support/editor.js";

const runtimeUrl = inject("runtimeUrl");
let s: Session;

beforeAll(async () => {
  if (!runtimeUrl) throw new Error(`runtime unavailable: ${inject("runtimeError")}`);
  s = await openBrowser(runtimeUrl, { width: 1440, height: 900 });
  await s.page.evaluate(() => {
    localStorage.clear();
    localStorage.setItem("yardstick.lang", "zh-CN");
  });
  await s.page.reload();
  await waitForEditor(s.page);
});

afterAll(async () => {
  await s?.close();
});

describe("a new policy from the form view, in Chinese", () => {
  it("declares an event and adds a timing standard without touching the JSON", async () => {
    const page = s.page;
    await page.selectOption("header select >> nth=0", "new");
    await waitForEditor(page);
    await page.locator(".side-switch button").nth(1).click();
    expect(await page.textContent(".side-switch")).toBe("概览表单");

    await page.fill('[data-testid="form-new-event"]', "bill.presented");
    await page.press('[data-testid="form-new-event"]', "Enter");
    await expect.poll(() => editorText(page)).toContain('"bill.presented": {}');
    await page.click('[data-testid="form-add"]');
    const s2 = page.locator('[data-testid="standard-form"] fieldset[data-standard="S2"]');
    await s2.waitFor();
    await s2.locator('input[lang="zh-CN"]').fill("入座后 90 分钟内呈上账单");
    await s2.locator('input[lang="en"]').fill("Present the bill within 90 minutes of seating");
    await s2.locator('select[aria-label="结束于 S2"]').selectOption("bill.presented");
    await s2.locator('input[type="number"]').fill("90");
    await expect.poll(() => editorText(page)).toContain('"within": "PT90M"');
    // The unit is shown in words.
    expect(await s2.locator('select[aria-label="时限 unit"] option:checked').textContent()).toBe("分钟");

    const doc = JSON.parse(await editorText(page)) as { standards: Array<Record<string, unknown>> };
    expect(doc.standards[1]).toEqual({
      id: "S2",
      kind: "timing",
      title: { en: "Present the bill within 90 minutes of seating", "zh-CN": "入座后 90 分钟内呈上账单" },
      start: "guest.seated",
      stop: "bill.presented",
      within: "PT90M",
    });
    await expect.poll(() => page.textContent(".problems")).toContain("没有问题");
    // The simulator runs the new policy on its example lines.
    await expect.poll(() => page.textContent('[data-testid="sim-summary"]').catch(() => "")).toMatch(/\d+ 个事件 → [1-9]\d* 个判定/);
    await screenshot(page, "authoring-form-zh.png", true);
  });

  it("publishes it and activates it after the dialog", async () => {
    const page = s.page;
    await page.locator('nav.tabs button[role="tab"]').nth(1).click();
    await page.fill('form.sign-in input[type="password"]', inject("managerKey"));
    await page.click('form.sign-in button[type="submit"]');
    await page.fill('[data-testid="publish-form"] input', "第一版：入座招呼与买单");
    await expect.poll(() => page.isEnabled('[data-testid="publish-form"] button')).toBe(true);
    await page.click('[data-testid="publish-form"] button');
    await expect.poll(() => page.textContent('[role="status"]')).toContain("已发布 new-policy 第 1 版");
    await page.click('tr[data-version="1"] button >> nth=1');
    await expect.poll(() => page.textContent('[data-testid="activate-dialog"]')).toContain("启用 new-policy 第 1 版？");
    expect(await page.textContent('[data-testid="activate-dialog"]')).toContain("还没有启用的版本");
    await page.click('[data-testid="activate-confirm"]');
    await expect.poll(() => page.textContent('tr[data-version="1"]')).toContain("已启用");
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("zh-CN");
    await screenshot(page, "authoring-published-zh.png");
  });

  it("made no request outside 127.0.0.1 and raised no page error", () => {
    expect(foreignRequests(s.requests)).toEqual([]);
    expect(s.errors).toEqual([]);
  });
});
